using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EpiCommand.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SupportConditions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ResponseLevel",
                table: "SupportRequests",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "SevereShortage",
                table: "SupportRequests",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ResponseLevel",
                table: "SupportRequests");

            migrationBuilder.DropColumn(
                name: "SevereShortage",
                table: "SupportRequests");
        }
    }
}
