using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workbench.Storage.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class PolicySamples : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PolicySamples",
                columns: table => new
                {
                    RunId = table.Column<int>(type: "integer", nullable: false),
                    Step = table.Column<long>(type: "bigint", nullable: false),
                    Json = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PolicySamples", x => x.RunId);
                    table.ForeignKey(
                        name: "FK_PolicySamples_Runs_RunId",
                        column: x => x.RunId,
                        principalTable: "Runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PolicySamples");
        }
    }
}
