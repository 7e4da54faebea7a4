using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EpiCommand.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LookupKeysAndTaskDeadlines : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PhoneKey",
                table: "KeyPeople",
                type: "TEXT",
                maxLength: 22,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResidentIdKey",
                table: "KeyPeople",
                type: "TEXT",
                maxLength: 22,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PhoneKey",
                table: "Contacts",
                type: "TEXT",
                maxLength: 22,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResidentIdKey",
                table: "Contacts",
                type: "TEXT",
                maxLength: 22,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PhoneKey",
                table: "Cases",
                type: "TEXT",
                maxLength: 22,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResidentIdKey",
                table: "Cases",
                type: "TEXT",
                maxLength: 22,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "TaskDeadlineDefaults",
                columns: table => new
                {
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RegionPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Hours = table.Column<int>(type: "INTEGER", nullable: false),
                    SetAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SetBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TaskDeadlineDefaults", x => x.RegionCode);
                    table.ForeignKey(
                        name: "FK_TaskDeadlineDefaults_Regions_RegionCode",
                        column: x => x.RegionCode,
                        principalTable: "Regions",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_KeyPeople_PhoneKey",
                table: "KeyPeople",
                column: "PhoneKey");

            migrationBuilder.CreateIndex(
                name: "IX_KeyPeople_ResidentIdKey",
                table: "KeyPeople",
                column: "ResidentIdKey");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_PhoneKey",
                table: "Contacts",
                column: "PhoneKey");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_ResidentIdKey",
                table: "Contacts",
                column: "ResidentIdKey");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_PhoneKey",
                table: "Cases",
                column: "PhoneKey");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_ResidentIdKey",
                table: "Cases",
                column: "ResidentIdKey");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TaskDeadlineDefaults");

            migrationBuilder.DropIndex(
                name: "IX_KeyPeople_PhoneKey",
                table: "KeyPeople");

            migrationBuilder.DropIndex(
                name: "IX_KeyPeople_ResidentIdKey",
                table: "KeyPeople");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_PhoneKey",
                table: "Contacts");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_ResidentIdKey",
                table: "Contacts");

            migrationBuilder.DropIndex(
                name: "IX_Cases_PhoneKey",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_ResidentIdKey",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "PhoneKey",
                table: "KeyPeople");

            migrationBuilder.DropColumn(
                name: "ResidentIdKey",
                table: "KeyPeople");

            migrationBuilder.DropColumn(
                name: "PhoneKey",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "ResidentIdKey",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "PhoneKey",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "ResidentIdKey",
                table: "Cases");
        }
    }
}
