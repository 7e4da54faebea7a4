using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EpiCommand.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InspectionRegisterUnit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "RegisterUnitId",
                table: "Inspections",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Register",
                table: "InspectionFindings",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Inspections_RegisterUnitId",
                table: "Inspections",
                column: "RegisterUnitId");

            migrationBuilder.AddForeignKey(
                name: "FK_Inspections_UnitPreparedness_RegisterUnitId",
                table: "Inspections",
                column: "RegisterUnitId",
                principalTable: "UnitPreparedness",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Inspections_UnitPreparedness_RegisterUnitId",
                table: "Inspections");

            migrationBuilder.DropIndex(
                name: "IX_Inspections_RegisterUnitId",
                table: "Inspections");

            migrationBuilder.DropColumn(
                name: "RegisterUnitId",
                table: "Inspections");

            migrationBuilder.DropColumn(
                name: "Register",
                table: "InspectionFindings");
        }
    }
}
