using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EpiCommand.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DerivedCheckSchedule : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "FirstCheckSlot",
                table: "Contacts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "LastCheckSlot",
                table: "Contacts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Issue 12: fill the slots of the contacts stored so far and drop the checks stored as still to come.
            EpiCommand.Data.Surveillance.CheckSlotsMigration.Up(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FirstCheckSlot",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "LastCheckSlot",
                table: "Contacts");
        }
    }
}
