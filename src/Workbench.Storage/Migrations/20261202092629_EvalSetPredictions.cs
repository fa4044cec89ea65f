using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workbench.Storage.Migrations
{
    /// <inheritdoc />
    public partial class EvalSetPredictions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "EvalSamples",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RunId = table.Column<int>(type: "INTEGER", nullable: false),
                    EvalSet = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    SampleIndex = table.Column<int>(type: "INTEGER", nullable: false),
                    Prompt = table.Column<string>(type: "TEXT", nullable: false),
                    Gold = table.Column<string>(type: "TEXT", nullable: false),
                    SpansJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EvalSamples", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EvalSamples_Runs_RunId",
                        column: x => x.RunId,
                        principalTable: "Runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SamplePredictions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RunId = table.Column<int>(type: "INTEGER", nullable: false),
                    EvalSet = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Step = table.Column<long>(type: "INTEGER", nullable: false),
                    SampleIndex = table.Column<int>(type: "INTEGER", nullable: false),
                    Model = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    Extracted = table.Column<string>(type: "TEXT", nullable: false),
                    Correct = table.Column<bool>(type: "INTEGER", nullable: false),
                    Copied = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SamplePredictions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SamplePredictions_Runs_RunId",
                        column: x => x.RunId,
                        principalTable: "Runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EvalSamples_RunId_EvalSet_SampleIndex",
                table: "EvalSamples",
                columns: new[] { "RunId", "EvalSet", "SampleIndex" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SamplePredictions_RunId_EvalSet_Step",
                table: "SamplePredictions",
                columns: new[] { "RunId", "EvalSet", "Step" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EvalSamples");

            migrationBuilder.DropTable(
                name: "SamplePredictions");
        }
    }
}
