using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace EpiCommand.Data.Migrations.Postgres
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
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PriceReports",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RegionCode = table.Column<string>(type: "character varying(20)", nullable: false),
                    RegionPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Item = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    ObservedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Price = table.Column<decimal>(type: "numeric(10,2)", precision: 10, scale: 2, nullable: false),
                    ReportedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ReportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RegionCode = table.Column<string>(type: "character varying(20)", nullable: false),
                    RegionPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ItemId = table.Column<int>(type: "integer", nullable: false),
                    SubstituteId = table.Column<int>(type: "integer", nullable: false),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    LineId = table.Column<long>(type: "bigint", nullable: false),
                    ItemId = table.Column<int>(type: "integer", nullable: false),
                    Quantity = table.Column<int>(type: "integer", nullable: false)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RegionCode = table.Column<string>(type: "character varying(20)", nullable: false),
                    RegionPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Responsible = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    HasGuide = table.Column<bool>(type: "boolean", nullable: false),
                    HasSystem = table.Column<bool>(type: "boolean", nullable: false),
                    HasMaterials = table.Column<bool>(type: "boolean", nullable: false),
                    HasMedicalSupport = table.Column<bool>(type: "boolean", nullable: false),
                    HasIsolationTransfer = table.Column<bool>(type: "boolean", nullable: false),
                    StrictFeverClinic = table.Column<bool>(type: "boolean", nullable: false),
                    StrictInvestigation = table.Column<bool>(type: "boolean", nullable: false),
                    StrictInfectionControl = table.Column<bool>(type: "boolean", nullable: false),
                    CheckedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    UpdatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RegionCode = table.Column<string>(type: "character varying(20)", nullable: false),
                    RegionPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Group = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    AsOf = table.Column<DateOnly>(type: "date", nullable: false),
                    Population = table.Column<int>(type: "integer", nullable: false),
                    Vaccinated = table.Column<int>(type: "integer", nullable: false),
                    ReportedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ReportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                name: "IX_Contacts_Id_C",
                table: "Contacts",
                column: "Id")
                .Annotation("Relational:Collation", new[] { "C" });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_PersonName",
                table: "Contacts",
                column: "PersonName")
                .Annotation("Relational:Collation", new[] { "C" });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_Id_C",
                table: "Cases",
                column: "Id")
                .Annotation("Relational:Collation", new[] { "C" });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_OnsetAt_RegionPath_Classification_Outcome",
                table: "Cases",
                columns: new[] { "OnsetAt", "RegionPath", "Classification", "Outcome" });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_PersonName",
                table: "Cases",
                column: "PersonName")
                .Annotation("Relational:Collation", new[] { "C" });

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
                name: "IX_Contacts_Id_C",
                table: "Contacts");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_PersonName",
                table: "Contacts");

            migrationBuilder.DropIndex(
                name: "IX_Cases_Id_C",
                table: "Cases");

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
