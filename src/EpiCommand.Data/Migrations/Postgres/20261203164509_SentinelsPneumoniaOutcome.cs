using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EpiCommand.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SentinelsPneumoniaOutcome : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CaseId",
                table: "PneumoniaReports",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ClosedAt",
                table: "PneumoniaReports",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClosedBy",
                table: "PneumoniaReports",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ConcludedOn",
                table: "PneumoniaReports",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Diagnosis",
                table: "PneumoniaReports",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Outcome",
                table: "PneumoniaReports",
                type: "character varying(30)",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "PneumoniaReports",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "IliSentinel",
                table: "Hospitals",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
        }
    }
}
