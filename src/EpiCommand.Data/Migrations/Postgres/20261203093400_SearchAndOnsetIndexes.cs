using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EpiCommand.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SearchAndOnsetIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Contacts_Id_C",
                table: "Contacts",
                column: "Id")
                .Annotation("Relational:Collation", new[] { "C" });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_PersonName",
                table: "Contacts",
                column: "PersonName")
                .Annotation("Relational:Collation", new[] { "C" });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_Id_C",
                table: "Cases",
                column: "Id")
                .Annotation("Relational:Collation", new[] { "C" });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_OnsetAt_RegionPath_Classification_Outcome",
                table: "Cases",
                columns: new[] { "OnsetAt", "RegionPath", "Classification", "Outcome" });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_PersonName",
                table: "Cases",
                column: "PersonName")
                .Annotation("Relational:Collation", new[] { "C" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Contacts_Id_C",
                table: "Contacts");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_PersonName",
                table: "Contacts");

            migrationBuilder.DropIndex(
                name: "IX_Cases_Id_C",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_OnsetAt_RegionPath_Classification_Outcome",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_PersonName",
                table: "Cases");
        }
    }
}
