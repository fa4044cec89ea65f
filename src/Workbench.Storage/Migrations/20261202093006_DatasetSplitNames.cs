using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workbench.Storage.Migrations
{
    /// <summary>
    /// Split names of any kind, up to 40 characters (DatasetSplitNames.MaxLength; was 8 for train/eval/test): only the
    /// model's maximum length changes. SQLite stores the column as TEXT either way, so there is nothing to migrate.
    /// </summary>
    public partial class DatasetSplitNames : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
