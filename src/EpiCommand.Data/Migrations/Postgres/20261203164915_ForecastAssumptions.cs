using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EpiCommand.Data.Migrations.Postgres
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
                    RegionCode = table.Column<string>(type: "character varying(20)", nullable: false),
                    RegionPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    WindowDays = table.Column<int>(type: "integer", nullable: true),
                    LengthOfStayDays = table.Column<double>(type: "double precision", nullable: true),
                    IcuShare = table.Column<double>(type: "double precision", nullable: true),
                    IcuStayDays = table.Column<double>(type: "double precision", nullable: true),
                    ContactsPerCase = table.Column<double>(type: "double precision", nullable: true),
                    QuarantineDays = table.Column<double>(type: "double precision", nullable: true),
                    AdmissionDelayDays = table.Column<int>(type: "integer", nullable: true),
                    CountAsymptomatic = table.Column<bool>(type: "boolean", nullable: true),
                    AsymptomaticDays = table.Column<double>(type: "double precision", nullable: true),
                    AsymptomaticHospitalShare = table.Column<double>(type: "double precision", nullable: true),
                    UpdatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
