using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workbench.Storage.Migrations
{
    /// <inheritdoc />
    public partial class Resume : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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

            migrationBuilder.CreateIndex(
                name: "IX_AttentionSnapshots_RunId_Probe_Model_Step",
                table: "AttentionSnapshots",
                columns: new[] { "RunId", "Probe", "Model", "Step" });

            migrationBuilder.CreateIndex(
                name: "IX_DetectedSamples_RunId_SampleIndex",
                table: "DetectedSamples",
                columns: new[] { "RunId", "SampleIndex" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AttentionSnapshots");

            migrationBuilder.DropTable(
                name: "DetectedSamples");

            migrationBuilder.DropColumn(
                name: "Stage",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "StageDone",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "StageTotal",
                table: "Runs");
        }
    }
}
