using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace EpiCommand.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TrainingsVehiclesDerivedChecks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "UnitVolume",
                table: "SupplyItems",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RegisterUnitId",
                table: "Inspections",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Register",
                table: "InspectionFindings",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "FirstCheckSlot",
                table: "Contacts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "LastCheckSlot",
                table: "Contacts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Issue 12: fill the slots of the contacts stored so far and drop the checks stored as still to come.
            EpiCommand.Data.Surveillance.CheckSlotsMigration.Up(migrationBuilder);

            migrationBuilder.CreateTable(
                name: "SupportVehicles",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DepotId = table.Column<int>(type: "integer", nullable: false),
                    RegionCode = table.Column<string>(type: "character varying(20)", nullable: false),
                    RegionPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Plate = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Driver = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    DriverPhone = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    Capacity = table.Column<int>(type: "integer", nullable: false),
                    Trips = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
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

            migrationBuilder.CreateTable(
                name: "TeamTrainings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TeamId = table.Column<int>(type: "integer", nullable: false),
                    RegionCode = table.Column<string>(type: "character varying(20)", nullable: false),
                    RegionPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    HeldOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Topics = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Participants = table.Column<int>(type: "integer", nullable: false),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    UpdatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TeamTrainings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TeamTrainings_Regions_RegionCode",
                        column: x => x.RegionCode,
                        principalTable: "Regions",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_TeamTrainings_Teams_TeamId",
                        column: x => x.TeamId,
                        principalTable: "Teams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Inspections_RegisterUnitId",
                table: "Inspections",
                column: "RegisterUnitId");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_ReportedAt_RegionPath_Classification_Outcome",
                table: "Cases",
                columns: new[] { "ReportedAt", "RegionPath", "Classification", "Outcome" });

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

            migrationBuilder.CreateIndex(
                name: "IX_TeamTrainings_RegionCode",
                table: "TeamTrainings",
                column: "RegionCode");

            migrationBuilder.CreateIndex(
                name: "IX_TeamTrainings_RegionPath_HeldOn",
                table: "TeamTrainings",
                columns: new[] { "RegionPath", "HeldOn" });

            migrationBuilder.CreateIndex(
                name: "IX_TeamTrainings_TeamId_HeldOn",
                table: "TeamTrainings",
                columns: new[] { "TeamId", "HeldOn" });

            migrationBuilder.AddForeignKey(
                name: "FK_Inspections_UnitPreparedness_RegisterUnitId",
                table: "Inspections",
                column: "RegisterUnitId",
                principalTable: "UnitPreparedness",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Inspections_UnitPreparedness_RegisterUnitId",
                table: "Inspections");

            migrationBuilder.DropTable(
                name: "SupportVehicles");

            migrationBuilder.DropTable(
                name: "TeamTrainings");

            migrationBuilder.DropIndex(
                name: "IX_Inspections_RegisterUnitId",
                table: "Inspections");

            migrationBuilder.DropIndex(
                name: "IX_Cases_ReportedAt_RegionPath_Classification_Outcome",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "UnitVolume",
                table: "SupplyItems");

            migrationBuilder.DropColumn(
                name: "RegisterUnitId",
                table: "Inspections");

            migrationBuilder.DropColumn(
                name: "Register",
                table: "InspectionFindings");

            migrationBuilder.DropColumn(
                name: "FirstCheckSlot",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "LastCheckSlot",
                table: "Contacts");
        }
    }
}
