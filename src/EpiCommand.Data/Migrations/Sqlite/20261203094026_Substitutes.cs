using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EpiCommand.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Substitutes : Migration
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SupplySubstitutes");

            migrationBuilder.DropTable(
                name: "SupportSubstitutions");

            migrationBuilder.DropColumn(
                name: "ShortfallReason",
                table: "SupportLines");
        }
    }
}
