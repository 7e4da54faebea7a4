using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace EpiCommand.Data.Migrations.Postgres
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
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

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
