using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workbench.Storage.Migrations
{
    /// <inheritdoc />
    public partial class RunTracking : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_MetricPoints_RunId_Name_Step",
                table: "MetricPoints");

            migrationBuilder.AddColumn<bool>(
                name: "Archived",
                table: "Runs",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Notes",
                table: "Runs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Tags",
                table: "Runs",
                type: "TEXT",
                maxLength: 1000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "MetricSummaries",
                columns: table => new
                {
                    RunId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    LastStep = table.Column<long>(type: "INTEGER", nullable: false),
                    LastValue = table.Column<double>(type: "REAL", nullable: false),
                    MinValue = table.Column<double>(type: "REAL", nullable: false),
                    MaxValue = table.Column<double>(type: "REAL", nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MetricSummaries", x => new { x.RunId, x.Name });
                    table.ForeignKey(
                        name: "FK_MetricSummaries_Runs_RunId",
                        column: x => x.RunId,
                        principalTable: "Runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Runs_Archived",
                table: "Runs",
                column: "Archived");

            migrationBuilder.CreateIndex(
                name: "IX_MetricPoints_RunId_Name_Step_Value",
                table: "MetricPoints",
                columns: new[] { "RunId", "Name", "Step", "Value" });

            // Summaries of runs recorded before this migration. SQLite takes the bare Value from the row with MAX(Step).
            migrationBuilder.Sql(
                "INSERT INTO MetricSummaries (RunId, Name, LastStep, LastValue, MinValue, MaxValue, Count) " +
                "SELECT RunId, Name, MAX(Step), Value, 0, 0, COUNT(*) FROM MetricPoints GROUP BY RunId, Name;");
            migrationBuilder.Sql(
                "UPDATE MetricSummaries SET " +
                "MinValue = (SELECT MIN(Value) FROM MetricPoints p WHERE p.RunId = MetricSummaries.RunId AND p.Name = MetricSummaries.Name), " +
                "MaxValue = (SELECT MAX(Value) FROM MetricPoints p WHERE p.RunId = MetricSummaries.RunId AND p.Name = MetricSummaries.Name);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MetricSummaries");

            migrationBuilder.DropIndex(
                name: "IX_Runs_Archived",
                table: "Runs");

            migrationBuilder.DropIndex(
                name: "IX_MetricPoints_RunId_Name_Step_Value",
                table: "MetricPoints");

            migrationBuilder.DropColumn(
                name: "Archived",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "Notes",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "Tags",
                table: "Runs");

            migrationBuilder.CreateIndex(
                name: "IX_MetricPoints_RunId_Name_Step",
                table: "MetricPoints",
                columns: new[] { "RunId", "Name", "Step" });
        }
    }
}
