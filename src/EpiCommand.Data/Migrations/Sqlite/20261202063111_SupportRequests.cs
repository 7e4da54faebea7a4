using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EpiCommand.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SupportRequests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SupportRequests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RegionCode = table.Column<string>(type: "TEXT", nullable: false),
                    RegionPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    WorkingGroup = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Clause = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: true),
                    AcceptedQuantity = table.Column<int>(type: "INTEGER", nullable: true),
                    NeededBy = table.Column<long>(type: "INTEGER", nullable: false),
                    Destination = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Grade = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    RecentCases = table.Column<int>(type: "INTEGER", nullable: true),
                    ReadinessGaps = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    DecisionNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Shortfall = table.Column<bool>(type: "INTEGER", nullable: false),
                    EscalatedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EscalatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    EscalationNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    DispatchedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DispatchedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    DispatchNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReceivedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ReceivingDepotId = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupportRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SupportRequests_Depots_ReceivingDepotId",
                        column: x => x.ReceivingDepotId,
                        principalTable: "Depots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SupportRequests_Regions_RegionCode",
                        column: x => x.RegionCode,
                        principalTable: "Regions",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SupportLines",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RequestId = table.Column<long>(type: "INTEGER", nullable: false),
                    ItemId = table.Column<int>(type: "INTEGER", nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    Accepted = table.Column<int>(type: "INTEGER", nullable: true),
                    Dispatched = table.Column<int>(type: "INTEGER", nullable: false),
                    Received = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupportLines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SupportLines_SupplyItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "SupplyItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SupportLines_SupportRequests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "SupportRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SupportLines_ItemId",
                table: "SupportLines",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_SupportLines_RequestId_ItemId",
                table: "SupportLines",
                columns: new[] { "RequestId", "ItemId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SupportRequests_ReceivingDepotId",
                table: "SupportRequests",
                column: "ReceivingDepotId");

            migrationBuilder.CreateIndex(
                name: "IX_SupportRequests_RegionCode",
                table: "SupportRequests",
                column: "RegionCode");

            migrationBuilder.CreateIndex(
                name: "IX_SupportRequests_RegionPath",
                table: "SupportRequests",
                column: "RegionPath");

            migrationBuilder.CreateIndex(
                name: "IX_SupportRequests_WorkingGroup_State",
                table: "SupportRequests",
                columns: new[] { "WorkingGroup", "State" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SupportLines");

            migrationBuilder.DropTable(
                name: "SupportRequests");
        }
    }
}
