using System;
using System.Globalization;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

#nullable disable

namespace EpiCommand.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class People : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "People",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RegionCode = table.Column<string>(type: "TEXT", nullable: false),
                    RegionPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Position = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Liaison = table.Column<bool>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_People", x => x.Id);
                    table.ForeignKey(
                        name: "FK_People_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_People_Regions_RegionCode",
                        column: x => x.RegionCode,
                        principalTable: "Regions",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DutyAssignments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RegionCode = table.Column<string>(type: "TEXT", nullable: false),
                    RegionPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PersonId = table.Column<int>(type: "INTEGER", nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    AssignedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    AssignedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DutyAssignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DutyAssignments_People_PersonId",
                        column: x => x.PersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_DutyAssignments_Regions_RegionCode",
                        column: x => x.RegionCode,
                        principalTable: "Regions",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DutyAssignments_Day_RegionPath",
                table: "DutyAssignments",
                columns: new[] { "Day", "RegionPath" });

            migrationBuilder.CreateIndex(
                name: "IX_DutyAssignments_PersonId",
                table: "DutyAssignments",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_DutyAssignments_RegionCode_Unit_Day_PersonId",
                table: "DutyAssignments",
                columns: new[] { "RegionCode", "Unit", "Day", "PersonId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_People_RegionCode",
                table: "People",
                column: "RegionCode");

            migrationBuilder.CreateIndex(
                name: "IX_People_RegionPath_Name",
                table: "People",
                columns: new[] { "RegionPath", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_People_Unit_RegionCode",
                table: "People",
                columns: new[] { "Unit", "RegionCode" });

            migrationBuilder.CreateIndex(
                name: "IX_People_UserId",
                table: "People",
                column: "UserId",
                unique: true);

            // The liaison people become people of the organisation (one person model), those on duty on today's roster; every
            // account gets its person. Written before the old table goes, so nothing stored is lost.
            var now = (long)new DateTimeOffsetToBinaryConverter().ConvertToProvider(DateTimeOffset.UtcNow)!;
            var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            migrationBuilder.Sql($"""
                INSERT INTO People (RegionCode, RegionPath, Name, Unit, Position, Phone, Liaison, UserId, CreatedAt, Version)
                SELECT l.RegionCode, r.Path, l.Name, l.Unit, l.Position, l.Phone, 1, NULL, {now}, 0 FROM LiaisonPeople l JOIN Regions r ON r.Code = l.RegionCode ORDER BY l.Id;
                INSERT INTO DutyAssignments (RegionCode, RegionPath, Unit, Day, PersonId, Role, AssignedBy, AssignedAt)
                SELECT DISTINCT p.RegionCode, p.RegionPath, p.Unit, '{today}', p.Id, '固定联络员', 'migration', {now}
                FROM People p JOIN LiaisonPeople l ON l.RegionCode = p.RegionCode AND l.Name = p.Name AND l.Phone = p.Phone AND l.Unit = p.Unit WHERE l.OnDuty = 1 AND p.Liaison = 1;
                INSERT INTO People (RegionCode, RegionPath, Name, Unit, Position, Phone, Liaison, UserId, CreatedAt, Version)
                SELECT u.RegionCode, r.Path, u.DisplayName, u.Unit, NULL, u.PhoneNumber, 0, u.Id, {now}, 0 FROM AspNetUsers u JOIN Regions r ON r.Code = u.RegionCode;
                """);

            migrationBuilder.DropTable(
                name: "LiaisonPeople");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DutyAssignments");

            migrationBuilder.DropTable(
                name: "People");

            migrationBuilder.CreateTable(
                name: "LiaisonPeople",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    OnDuty = table.Column<bool>(type: "INTEGER", nullable: false),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Position = table.Column<string>(type: "TEXT", nullable: true),
                    RegionCode = table.Column<string>(type: "TEXT", nullable: false),
                    Unit = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LiaisonPeople", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LiaisonPeople_Regions_RegionCode",
                        column: x => x.RegionCode,
                        principalTable: "Regions",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LiaisonPeople_RegionCode",
                table: "LiaisonPeople",
                column: "RegionCode");
        }
    }
}
