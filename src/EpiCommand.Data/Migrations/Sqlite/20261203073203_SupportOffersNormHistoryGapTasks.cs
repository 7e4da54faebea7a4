using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EpiCommand.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SupportOffersNormHistoryGapTasks : Migration
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

            migrationBuilder.CreateTable(
                name: "SupportOffers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RequestId = table.Column<long>(type: "INTEGER", nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", nullable: false),
                    RegionPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RequestRegionPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DepotId = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    OfferedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    OfferedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    DecisionNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupportOffers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SupportOffers_Depots_DepotId",
                        column: x => x.DepotId,
                        principalTable: "Depots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SupportOffers_Regions_RegionCode",
                        column: x => x.RegionCode,
                        principalTable: "Regions",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SupportOffers_SupportRequests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "SupportRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SupportOfferLines",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OfferId = table.Column<long>(type: "INTEGER", nullable: false),
                    ItemId = table.Column<int>(type: "INTEGER", nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupportOfferLines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SupportOfferLines_SupplyItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "SupplyItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SupportOfferLines_SupportOffers_OfferId",
                        column: x => x.OfferId,
                        principalTable: "SupportOffers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_OpenGap",
                table: "Tasks",
                columns: new[] { "RegionCode", "MeasureId" },
                unique: true,
                filter: "\"MeasureId\" LIKE 'gap-%' AND \"State\" IN ('Open', 'InProgress')");

            migrationBuilder.CreateIndex(
                name: "IX_NormChanges_RegionCode_NormId_Sequence",
                table: "NormChanges",
                columns: new[] { "RegionCode", "NormId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_NormChanges_RegionPath",
                table: "NormChanges",
                column: "RegionPath");

            migrationBuilder.CreateIndex(
                name: "IX_SupportOfferLines_ItemId",
                table: "SupportOfferLines",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_SupportOfferLines_OfferId_ItemId",
                table: "SupportOfferLines",
                columns: new[] { "OfferId", "ItemId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SupportOffers_DepotId",
                table: "SupportOffers",
                column: "DepotId");

            migrationBuilder.CreateIndex(
                name: "IX_SupportOffers_RegionCode",
                table: "SupportOffers",
                column: "RegionCode");

            migrationBuilder.CreateIndex(
                name: "IX_SupportOffers_RegionPath",
                table: "SupportOffers",
                column: "RegionPath");

            migrationBuilder.CreateIndex(
                name: "IX_SupportOffers_RequestId_State",
                table: "SupportOffers",
                columns: new[] { "RequestId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_SupportOffers_RequestRegionPath",
                table: "SupportOffers",
                column: "RequestRegionPath");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "NormChanges");

            migrationBuilder.DropTable(
                name: "SupportOfferLines");

            migrationBuilder.DropTable(
                name: "SupportOffers");

            migrationBuilder.DropIndex(
                name: "IX_Tasks_OpenGap",
                table: "Tasks");
        }
    }
}
