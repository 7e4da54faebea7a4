using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EpiCommand.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class GapTasks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Tasks_OpenGap",
                table: "Tasks",
                columns: new[] { "RegionCode", "MeasureId" },
                unique: true,
                filter: "\"MeasureId\" LIKE 'gap-%' AND \"State\" IN ('Open', 'InProgress')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tasks_OpenGap",
                table: "Tasks");
        }
    }
}
