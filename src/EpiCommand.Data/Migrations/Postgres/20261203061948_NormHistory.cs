using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace EpiCommand.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class NormHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "NormChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RegionCode = table.Column<string>(type: "character varying(20)", nullable: false),
                    RegionPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    NormId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Plan = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Previous = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Value = table.Column<double>(type: "double precision", nullable: true),
                    Required = table.Column<double>(type: "double precision", nullable: true),
                    DetailZh = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    DetailEn = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
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

            migrationBuilder.CreateIndex(
                name: "IX_NormChanges_RegionCode_NormId_Sequence",
                table: "NormChanges",
                columns: new[] { "RegionCode", "NormId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_NormChanges_RegionPath",
                table: "NormChanges",
                column: "RegionPath");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "NormChanges");
        }
    }
}
