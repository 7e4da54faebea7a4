using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EpiCommand.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ListKeysetIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_SentinelReports_ReportedAt_Id",
                table: "SentinelReports",
                columns: new[] { "ReportedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_KeyPeople_ArrivedAt_Id",
                table: "KeyPeople",
                columns: new[] { "ArrivedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_CreatedAt_Id",
                table: "Contacts",
                columns: new[] { "CreatedAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SentinelReports_ReportedAt_Id",
                table: "SentinelReports");

            migrationBuilder.DropIndex(
                name: "IX_KeyPeople_ArrivedAt_Id",
                table: "KeyPeople");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_CreatedAt_Id",
                table: "Contacts");
        }
    }
}
