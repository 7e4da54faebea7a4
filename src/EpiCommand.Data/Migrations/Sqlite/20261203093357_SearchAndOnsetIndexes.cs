using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EpiCommand.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SearchAndOnsetIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Contacts_PersonName",
                table: "Contacts",
                column: "PersonName");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_OnsetAt_RegionPath_Classification_Outcome",
                table: "Cases",
                columns: new[] { "OnsetAt", "RegionPath", "Classification", "Outcome" });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_PersonName",
                table: "Cases",
                column: "PersonName");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Contacts_PersonName",
                table: "Contacts");

            migrationBuilder.DropIndex(
                name: "IX_Cases_OnsetAt_RegionPath_Classification_Outcome",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_PersonName",
                table: "Cases");
        }
    }
}
