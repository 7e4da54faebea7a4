using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EpiCommand.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SearchSubstitutesNormalTime : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ShortfallReason",
                table: "SupportLines",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PriceReports",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RegionCode = table.Column<string>(type: "TEXT", nullable: false),
                    RegionPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Item = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    ObservedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Price = table.Column<decimal>(type: "TEXT", precision: 10, scale: 2, nullable: false),
                    ReportedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ReportedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PriceReports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PriceReports_Regions_RegionCode",
                        column: x => x.RegionCode,
                        principalTable: "Regions",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SupplySubstitutes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RegionCode = table.Column<string>(type: "TEXT", nullable: false),
                    RegionPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ItemId = table.Column<int>(type: "INTEGER", nullable: false),
                    SubstituteId = table.Column<int>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupplySubstitutes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SupplySubstitutes_Regions_RegionCode",
                        column: x => x.RegionCode,
                        principalTable: "Regions",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SupplySubstitutes_SupplyItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "SupplyItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SupplySubstitutes_SupplyItems_SubstituteId",
                        column: x => x.SubstituteId,
                        principalTable: "SupplyItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SupportSubstitutions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    LineId = table.Column<long>(type: "INTEGER", nullable: false),
                    ItemId = table.Column<int>(type: "INTEGER", nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupportSubstitutions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SupportSubstitutions_SupplyItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "SupplyItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SupportSubstitutions_SupportLines_LineId",
                        column: x => x.LineId,
                        principalTable: "SupportLines",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "UnitPreparedness",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RegionCode = table.Column<string>(type: "TEXT", nullable: false),
                    RegionPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Responsible = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    HasGuide = table.Column<bool>(type: "INTEGER", nullable: false),
                    HasSystem = table.Column<bool>(type: "INTEGER", nullable: false),
                    HasMaterials = table.Column<bool>(type: "INTEGER", nullable: false),
                    HasMedicalSupport = table.Column<bool>(type: "INTEGER", nullable: false),
                    HasIsolationTransfer = table.Column<bool>(type: "INTEGER", nullable: false),
                    StrictFeverClinic = table.Column<bool>(type: "INTEGER", nullable: false),
                    StrictInvestigation = table.Column<bool>(type: "INTEGER", nullable: false),
                    StrictInfectionControl = table.Column<bool>(type: "INTEGER", nullable: false),
                    CheckedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UnitPreparedness", x => x.Id);
                    table.ForeignKey(
                        name: "FK_UnitPreparedness_Regions_RegionCode",
                        column: x => x.RegionCode,
                        principalTable: "Regions",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "VaccinationReports",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RegionCode = table.Column<string>(type: "TEXT", nullable: false),
                    RegionPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Group = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    AsOf = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Population = table.Column<int>(type: "INTEGER", nullable: false),
                    Vaccinated = table.Column<int>(type: "INTEGER", nullable: false),
                    ReportedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ReportedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VaccinationReports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VaccinationReports_Regions_RegionCode",
                        column: x => x.RegionCode,
                        principalTable: "Regions",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_PersonName",
                table: "Contacts",
                column: "PersonName");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_OnsetAt_RegionPath_Classification_Outcome",
                table: "Cases",
                columns: new[] { "OnsetAt", "RegionPath", "Classification", "Outcome" });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_PersonName",
                table: "Cases",
                column: "PersonName");

            migrationBuilder.CreateIndex(
                name: "IX_PriceReports_RegionCode_Item_ObservedOn",
                table: "PriceReports",
                columns: new[] { "RegionCode", "Item", "ObservedOn" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PriceReports_RegionPath_ObservedOn",
                table: "PriceReports",
                columns: new[] { "RegionPath", "ObservedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_SupplySubstitutes_ItemId",
                table: "SupplySubstitutes",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_SupplySubstitutes_RegionCode",
                table: "SupplySubstitutes",
                column: "RegionCode");

            migrationBuilder.CreateIndex(
                name: "IX_SupplySubstitutes_RegionPath_ItemId_SubstituteId",
                table: "SupplySubstitutes",
                columns: new[] { "RegionPath", "ItemId", "SubstituteId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SupplySubstitutes_SubstituteId",
                table: "SupplySubstitutes",
                column: "SubstituteId");

            migrationBuilder.CreateIndex(
                name: "IX_SupportSubstitutions_ItemId",
                table: "SupportSubstitutions",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_SupportSubstitutions_LineId_ItemId",
                table: "SupportSubstitutions",
                columns: new[] { "LineId", "ItemId" });

            migrationBuilder.CreateIndex(
                name: "IX_UnitPreparedness_RegionCode_Name",
                table: "UnitPreparedness",
                columns: new[] { "RegionCode", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_UnitPreparedness_RegionPath_Name",
                table: "UnitPreparedness",
                columns: new[] { "RegionPath", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_VaccinationReports_RegionCode_Group_AsOf",
                table: "VaccinationReports",
                columns: new[] { "RegionCode", "Group", "AsOf" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_VaccinationReports_RegionPath_AsOf",
                table: "VaccinationReports",
                columns: new[] { "RegionPath", "AsOf" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PriceReports");

            migrationBuilder.DropTable(
                name: "SupplySubstitutes");

            migrationBuilder.DropTable(
                name: "SupportSubstitutions");

            migrationBuilder.DropTable(
                name: "UnitPreparedness");

            migrationBuilder.DropTable(
                name: "VaccinationReports");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_PersonName",
                table: "Contacts");

            migrationBuilder.DropIndex(
                name: "IX_Cases_OnsetAt_RegionPath_Classification_Outcome",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_PersonName",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "ShortfallReason",
                table: "SupportLines");
        }
    }
}
