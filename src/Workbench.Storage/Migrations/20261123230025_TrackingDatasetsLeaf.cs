using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workbench.Storage.Migrations
{
    /// <inheritdoc />
    public partial class TrackingDatasetsLeaf : Migration
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
                name: "Stage",
                table: "Runs",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "StageDone",
                table: "Runs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "StageTotal",
                table: "Runs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Tags",
                table: "Runs",
                type: "TEXT",
                maxLength: 1000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "AttentionSnapshots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RunId = table.Column<int>(type: "INTEGER", nullable: false),
                    Step = table.Column<long>(type: "INTEGER", nullable: false),
                    Probe = table.Column<int>(type: "INTEGER", nullable: false),
                    Model = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    MetaJson = table.Column<string>(type: "TEXT", nullable: false),
                    Half = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AttentionSnapshots", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AttentionSnapshots_Runs_RunId",
                        column: x => x.RunId,
                        principalTable: "Runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Datasets",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SampleCount = table.Column<int>(type: "INTEGER", nullable: false),
                    TrainCount = table.Column<int>(type: "INTEGER", nullable: false),
                    EvalCount = table.Column<int>(type: "INTEGER", nullable: false),
                    TestCount = table.Column<int>(type: "INTEGER", nullable: false),
                    SourceFileName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Datasets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DetectedSamples",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RunId = table.Column<int>(type: "INTEGER", nullable: false),
                    SampleIndex = table.Column<int>(type: "INTEGER", nullable: false),
                    SpanCount = table.Column<int>(type: "INTEGER", nullable: false),
                    FlaggedTokens = table.Column<int>(type: "INTEGER", nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DetectedSamples", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DetectedSamples_Runs_RunId",
                        column: x => x.RunId,
                        principalTable: "Runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

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

            migrationBuilder.CreateTable(
                name: "DatasetSamples",
                columns: table => new
                {
                    DatasetId = table.Column<int>(type: "INTEGER", nullable: false),
                    Index = table.Column<int>(type: "INTEGER", nullable: false),
                    Split = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Prompt = table.Column<string>(type: "TEXT", nullable: false),
                    Completion = table.Column<string>(type: "TEXT", nullable: false),
                    Answer = table.Column<string>(type: "TEXT", nullable: true),
                    ConfounderSpansJson = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DatasetSamples", x => new { x.DatasetId, x.Index });
                    table.ForeignKey(
                        name: "FK_DatasetSamples_Datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "Datasets",
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

            migrationBuilder.CreateIndex(
                name: "IX_AttentionSnapshots_RunId_Probe_Model_Step",
                table: "AttentionSnapshots",
                columns: new[] { "RunId", "Probe", "Model", "Step" });

            migrationBuilder.CreateIndex(
                name: "IX_Datasets_Name",
                table: "Datasets",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DatasetSamples_DatasetId_Split_Index",
                table: "DatasetSamples",
                columns: new[] { "DatasetId", "Split", "Index" });

            migrationBuilder.CreateIndex(
                name: "IX_DetectedSamples_RunId_SampleIndex",
                table: "DetectedSamples",
                columns: new[] { "RunId", "SampleIndex" },
                unique: true);

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
                name: "AttentionSnapshots");

            migrationBuilder.DropTable(
                name: "DatasetSamples");

            migrationBuilder.DropTable(
                name: "DetectedSamples");

            migrationBuilder.DropTable(
                name: "MetricSummaries");

            migrationBuilder.DropTable(
                name: "Datasets");

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
                name: "Stage",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "StageDone",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "StageTotal",
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
