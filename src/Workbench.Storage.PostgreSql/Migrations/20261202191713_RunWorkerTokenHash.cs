using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workbench.Storage.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class RunWorkerTokenHash : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "WorkerTokenHash",
                table: "Runs",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "WorkerTokenHash",
                table: "Runs");
        }
    }
}
