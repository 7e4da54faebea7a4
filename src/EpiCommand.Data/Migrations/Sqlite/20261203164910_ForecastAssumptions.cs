using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EpiCommand.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ForecastAssumptions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ForecastSettings",
                columns: table => new
                {
                    RegionCode = table.Column<string>(type: "TEXT", nullable: false),
                    RegionPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    WindowDays = table.Column<int>(type: "INTEGER", nullable: true),
                    LengthOfStayDays = table.Column<double>(type: "REAL", nullable: true),
                    IcuShare = table.Column<double>(type: "REAL", nullable: true),
                    IcuStayDays = table.Column<double>(type: "REAL", nullable: true),
                    ContactsPerCase = table.Column<double>(type: "REAL", nullable: true),
                    QuarantineDays = table.Column<double>(type: "REAL", nullable: true),
                    AdmissionDelayDays = table.Column<int>(type: "INTEGER", nullable: true),
                    CountAsymptomatic = table.Column<bool>(type: "INTEGER", nullable: true),
                    AsymptomaticDays = table.Column<double>(type: "REAL", nullable: true),
                    AsymptomaticHospitalShare = table.Column<double>(type: "REAL", nullable: true),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ForecastSettings", x => x.RegionCode);
                    table.ForeignKey(
                        name: "FK_ForecastSettings_Regions_RegionCode",
                        column: x => x.RegionCode,
                        principalTable: "Regions",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ForecastSettings");
        }
    }
}
