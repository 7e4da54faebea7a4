using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EpiCommand.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SupportVehicles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "UnitVolume",
                table: "SupplyItems",
                type: "REAL",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SupportVehicles",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DepotId = table.Column<int>(type: "INTEGER", nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", nullable: false),
                    RegionPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Plate = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Driver = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    DriverPhone = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    Capacity = table.Column<int>(type: "INTEGER", nullable: false),
                    Trips = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupportVehicles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SupportVehicles_Depots_DepotId",
                        column: x => x.DepotId,
                        principalTable: "Depots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SupportVehicles_Regions_RegionCode",
                        column: x => x.RegionCode,
                        principalTable: "Regions",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SupportVehicles_DepotId_Plate",
                table: "SupportVehicles",
                columns: new[] { "DepotId", "Plate" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SupportVehicles_RegionCode",
                table: "SupportVehicles",
                column: "RegionCode");

            migrationBuilder.CreateIndex(
                name: "IX_SupportVehicles_RegionPath",
                table: "SupportVehicles",
                column: "RegionPath");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SupportVehicles");

            migrationBuilder.DropColumn(
                name: "UnitVolume",
                table: "SupplyItems");
        }
    }
}
