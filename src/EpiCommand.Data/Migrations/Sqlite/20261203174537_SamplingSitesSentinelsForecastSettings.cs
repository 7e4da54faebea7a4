using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EpiCommand.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SamplingSitesSentinelsForecastSettings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Population",
                table: "ReadinessSizings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CaseId",
                table: "PneumoniaReports",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ClosedAt",
                table: "PneumoniaReports",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClosedBy",
                table: "PneumoniaReports",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ConcludedOn",
                table: "PneumoniaReports",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Diagnosis",
                table: "PneumoniaReports",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Outcome",
                table: "PneumoniaReports",
                type: "TEXT",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "PneumoniaReports",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "IliSentinel",
                table: "Hospitals",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateOnly>(
                name: "RetrofitCheckedOn",
                table: "Hospitals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RetrofitHeating",
                table: "Hospitals",
                type: "TEXT",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RetrofitIcuEquipment",
                table: "Hospitals",
                type: "TEXT",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RetrofitNote",
                table: "Hospitals",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RetrofitOxygen",
                table: "Hospitals",
                type: "TEXT",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RetrofitSewage",
                table: "Hospitals",
                type: "TEXT",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RetrofitVentilation",
                table: "Hospitals",
                type: "TEXT",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RetrofitZones",
                table: "Hospitals",
                type: "TEXT",
                maxLength: 30,
                nullable: true);

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

            migrationBuilder.CreateTable(
                name: "SamplingSites",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RegionCode = table.Column<string>(type: "TEXT", nullable: false),
                    RegionPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PlaceCode = table.Column<string>(type: "TEXT", nullable: true),
                    Address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Booths = table.Column<int>(type: "INTEGER", nullable: false),
                    Staff = table.Column<int>(type: "INTEGER", nullable: false),
                    PerDay = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SamplingSites", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SamplingSites_Regions_PlaceCode",
                        column: x => x.PlaceCode,
                        principalTable: "Regions",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SamplingSites_Regions_RegionCode",
                        column: x => x.RegionCode,
                        principalTable: "Regions",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SamplingSites_PlaceCode",
                table: "SamplingSites",
                column: "PlaceCode");

            migrationBuilder.CreateIndex(
                name: "IX_SamplingSites_RegionCode_Name",
                table: "SamplingSites",
                columns: new[] { "RegionCode", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SamplingSites_RegionPath_Name",
                table: "SamplingSites",
                columns: new[] { "RegionPath", "Name" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ForecastSettings");

            migrationBuilder.DropTable(
                name: "SamplingSites");

            migrationBuilder.DropColumn(
                name: "Population",
                table: "ReadinessSizings");

            migrationBuilder.DropColumn(
                name: "CaseId",
                table: "PneumoniaReports");

            migrationBuilder.DropColumn(
                name: "ClosedAt",
                table: "PneumoniaReports");

            migrationBuilder.DropColumn(
                name: "ClosedBy",
                table: "PneumoniaReports");

            migrationBuilder.DropColumn(
                name: "ConcludedOn",
                table: "PneumoniaReports");

            migrationBuilder.DropColumn(
                name: "Diagnosis",
                table: "PneumoniaReports");

            migrationBuilder.DropColumn(
                name: "Outcome",
                table: "PneumoniaReports");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "PneumoniaReports");

            migrationBuilder.DropColumn(
                name: "IliSentinel",
                table: "Hospitals");

            migrationBuilder.DropColumn(
                name: "RetrofitCheckedOn",
                table: "Hospitals");

            migrationBuilder.DropColumn(
                name: "RetrofitHeating",
                table: "Hospitals");

            migrationBuilder.DropColumn(
                name: "RetrofitIcuEquipment",
                table: "Hospitals");

            migrationBuilder.DropColumn(
                name: "RetrofitNote",
                table: "Hospitals");

            migrationBuilder.DropColumn(
                name: "RetrofitOxygen",
                table: "Hospitals");

            migrationBuilder.DropColumn(
                name: "RetrofitSewage",
                table: "Hospitals");

            migrationBuilder.DropColumn(
                name: "RetrofitVentilation",
                table: "Hospitals");

            migrationBuilder.DropColumn(
                name: "RetrofitZones",
                table: "Hospitals");
        }
    }
}
