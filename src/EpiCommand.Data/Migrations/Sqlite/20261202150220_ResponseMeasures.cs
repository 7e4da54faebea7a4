using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EpiCommand.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ResponseMeasures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Checkpoints",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RegionCode = table.Column<string>(type: "TEXT", nullable: false),
                    RegionPath = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Location = table.Column<string>(type: "TEXT", nullable: true),
                    Staff = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Checkpoints", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Checkpoints_Regions_RegionCode",
                        column: x => x.RegionCode,
                        principalTable: "Regions",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PatientTransfers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FromHospitalId = table.Column<int>(type: "INTEGER", nullable: false),
                    ToHospitalId = table.Column<int>(type: "INTEGER", nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", nullable: false),
                    RegionPath = table.Column<string>(type: "TEXT", nullable: false),
                    PatientRecord = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: false),
                    ConfirmedOrSuspected = table.Column<bool>(type: "INTEGER", nullable: false),
                    OriginAuthoritiesApproved = table.Column<bool>(type: "INTEGER", nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PatientTransfers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PatientTransfers_Hospitals_FromHospitalId",
                        column: x => x.FromHospitalId,
                        principalTable: "Hospitals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PatientTransfers_Hospitals_ToHospitalId",
                        column: x => x.ToHospitalId,
                        principalTable: "Hospitals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PatientTransfers_Regions_RegionCode",
                        column: x => x.RegionCode,
                        principalTable: "Regions",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PublicPlaces",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RegionCode = table.Column<string>(type: "TEXT", nullable: false),
                    RegionPath = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Note = table.Column<string>(type: "TEXT", nullable: true),
                    ChangedBy = table.Column<string>(type: "TEXT", nullable: false),
                    ChangedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PublicPlaces", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PublicPlaces_Regions_RegionCode",
                        column: x => x.RegionCode,
                        principalTable: "Regions",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ScreeningHouseholds",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ZoneId = table.Column<long>(type: "INTEGER", nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", nullable: false),
                    RegionPath = table.Column<string>(type: "TEXT", nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Residents = table.Column<int>(type: "INTEGER", nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Symptomatic = table.Column<bool>(type: "INTEGER", nullable: false),
                    Symptoms = table.Column<string>(type: "TEXT", nullable: true),
                    ScreenedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ScreenedBy = table.Column<string>(type: "TEXT", nullable: true),
                    AddedBy = table.Column<string>(type: "TEXT", nullable: false),
                    AddedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScreeningHouseholds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ScreeningHouseholds_ControlZones_ZoneId",
                        column: x => x.ZoneId,
                        principalTable: "ControlZones",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ScreeningHouseholds_Regions_RegionCode",
                        column: x => x.RegionCode,
                        principalTable: "Regions",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CheckpointDays",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CheckpointId = table.Column<long>(type: "INTEGER", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Vehicles = table.Column<int>(type: "INTEGER", nullable: false),
                    People = table.Column<int>(type: "INTEGER", nullable: false),
                    TurnedBack = table.Column<int>(type: "INTEGER", nullable: false),
                    Staff = table.Column<int>(type: "INTEGER", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CheckpointDays", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CheckpointDays_Checkpoints_CheckpointId",
                        column: x => x.CheckpointId,
                        principalTable: "Checkpoints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CheckpointDays_CheckpointId_Day",
                table: "CheckpointDays",
                columns: new[] { "CheckpointId", "Day" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Checkpoints_RegionCode_Name",
                table: "Checkpoints",
                columns: new[] { "RegionCode", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Checkpoints_RegionPath",
                table: "Checkpoints",
                column: "RegionPath");

            migrationBuilder.CreateIndex(
                name: "IX_PatientTransfers_FromHospitalId",
                table: "PatientTransfers",
                column: "FromHospitalId");

            migrationBuilder.CreateIndex(
                name: "IX_PatientTransfers_RegionCode",
                table: "PatientTransfers",
                column: "RegionCode");

            migrationBuilder.CreateIndex(
                name: "IX_PatientTransfers_RegionPath_RequestedAt",
                table: "PatientTransfers",
                columns: new[] { "RegionPath", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PatientTransfers_ToHospitalId",
                table: "PatientTransfers",
                column: "ToHospitalId");

            migrationBuilder.CreateIndex(
                name: "IX_PublicPlaces_RegionCode_Name",
                table: "PublicPlaces",
                columns: new[] { "RegionCode", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PublicPlaces_RegionPath_Status",
                table: "PublicPlaces",
                columns: new[] { "RegionPath", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_ScreeningHouseholds_RegionCode",
                table: "ScreeningHouseholds",
                column: "RegionCode");

            migrationBuilder.CreateIndex(
                name: "IX_ScreeningHouseholds_RegionPath_ZoneId_State",
                table: "ScreeningHouseholds",
                columns: new[] { "RegionPath", "ZoneId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_ScreeningHouseholds_ZoneId_Address",
                table: "ScreeningHouseholds",
                columns: new[] { "ZoneId", "Address" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CheckpointDays");

            migrationBuilder.DropTable(
                name: "PatientTransfers");

            migrationBuilder.DropTable(
                name: "PublicPlaces");

            migrationBuilder.DropTable(
                name: "ScreeningHouseholds");

            migrationBuilder.DropTable(
                name: "Checkpoints");
        }
    }
}
