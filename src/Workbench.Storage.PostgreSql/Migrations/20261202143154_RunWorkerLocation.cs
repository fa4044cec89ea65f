using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workbench.Storage.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class RunWorkerLocation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "WorkerLocation",
                table: "Runs",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "WorkerLocation",
                table: "Runs");
        }
    }
}
