using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EpiCommand.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class NormHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "NormChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RegionCode = table.Column<string>(type: "TEXT", nullable: false),
                    RegionPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NormId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Plan = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Previous = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Value = table.Column<double>(type: "REAL", nullable: true),
                    Required = table.Column<double>(type: "REAL", nullable: true),
                    DetailZh = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    DetailEn = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NormChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_NormChanges_Regions_RegionCode",
                        column: x => x.RegionCode,
                        principalTable: "Regions",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_NormChanges_RegionCode_NormId_Sequence",
                table: "NormChanges",
                columns: new[] { "RegionCode", "NormId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_NormChanges_RegionPath",
                table: "NormChanges",
                column: "RegionPath");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "NormChanges");
        }
    }
}
