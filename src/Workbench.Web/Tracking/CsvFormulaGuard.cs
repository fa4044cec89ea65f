using System.Globalization;

namespace Workbench.Web.Tracking;

/// <summary>
/// A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return before one) as a formula
/// (<c>=HYPERLINK(...)</c> in a run name). Such text cells get a leading apostrophe; numbers such as -0.5 stay numbers.
/// </summary>
public static class CsvFormulaGuard
{
    public static string Neutralize(string cell)
    {
        if (cell.Length == 0 || cell[0] is not ('=' or '+' or '-' or '@' or '\t' or '\r')) return cell;
        return double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? cell : "'" + cell;
    }
}
