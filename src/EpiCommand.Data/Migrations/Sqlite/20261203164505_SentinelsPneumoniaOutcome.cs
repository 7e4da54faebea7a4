using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EpiCommand.Data.Migrations.Sqlite
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
