using System.Globalization;

namespace Workbench.Web.Analysis;

/// <summary>
/// A parsed filter over runs, e.g. <c>objective == "leaf" and eval.accuracy &gt; 0.6</c>.
/// Grammar: <c>or := and ("or" and)*; and := unary ("and" unary)*; unary := "not" unary | "(" or ")" | key op value</c>,
/// with <c>op</c> one of <c>== != &lt; &lt;= &gt; &gt;= =~</c> (=~ : contains, ignoring case) and <c>value</c> a quoted
/// string, a number, true, false or null. A key with several values (tags, objective kinds) matches if any value does;
/// a key the run lacks matches only <c>!= value</c> and <c>== null</c>.
/// </summary>
public abstract record FilterExpression
{
    /// <summary>The empty filter: every run.</summary>
    public static FilterExpression All { get; } = new Constant(true);

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FilterSyntaxException"/> naming the column.</summary>
    public static FilterExpression Parse(string? text) =>
        string.IsNullOrWhiteSpace(text) ? All : new FilterParser(FilterLexer.Tokenize(text)).ParseAll();

    public abstract bool Matches(RunRow row);

    /// <summary>Every key the expression reads (to warn about keys no run has).</summary>
    public abstract IEnumerable<string> Keys { get; }

    public sealed record Constant(bool Value) : FilterExpression
    {
        public override bool Matches(RunRow row) => Value;
        public override IEnumerable<string> Keys => [];
    }

    public sealed record And(FilterExpression Left, FilterExpression Right) : FilterExpression
    {
        public override bool Matches(RunRow row) => Left.Matches(row) && Right.Matches(row);
        public override IEnumerable<string> Keys => Left.Keys.Concat(Right.Keys);
    }

    public sealed record Or(FilterExpression Left, FilterExpression Right) : FilterExpression
    {
        public override bool Matches(RunRow row) => Left.Matches(row) || Right.Matches(row);
        public override IEnumerable<string> Keys => Left.Keys.Concat(Right.Keys);
    }

    public sealed record Not(FilterExpression Inner) : FilterExpression
    {
        public override bool Matches(RunRow row) => !Inner.Matches(row);
        public override IEnumerable<string> Keys => Inner.Keys;
    }

    public sealed record Comparison(string Key, string Operator, object? Literal) : FilterExpression
    {
        public override IEnumerable<string> Keys => [Key];

        public override bool Matches(RunRow row)
        {
            var values = row.Values(Key);
            if (values.Count == 0) return Operator == "!=" ? Literal is not null : Operator == "==" && Literal is null;
            return Operator == "!="
                ? values.All(v => !Equal(v, Literal))
                : values.Any(v => Test(v));
        }

        private bool Test(object? value) => Operator switch
        {
            "==" => Equal(value, Literal),
            "=~" => value is not null && Literal is not null
                && ConfigFlattener.Format(value).Contains(ConfigFlattener.Format(Literal), StringComparison.OrdinalIgnoreCase),
            _ => Order(value, Literal) is { } order && Operator switch
            {
                "<" => order < 0,
                "<=" => order <= 0,
                ">" => order > 0,
                ">=" => order >= 0,
                _ => false,
            },
        };

        private static bool Equal(object? value, object? literal) => (value, literal) switch
        {
            (null, null) => true,
            (null, _) or (_, null) => false,
            (double a, double b) => a == b,
            (string a, double b) => AsNumber(a) == b,
            (bool a, bool b) => a == b,
            _ => string.Equals(ConfigFlattener.Format(value), ConfigFlattener.Format(literal), StringComparison.OrdinalIgnoreCase),
        };

        private static int? Order(object? value, object? literal) => (value, literal) switch
        {
            (double a, double b) => a.CompareTo(b),
            (string a, double b) when AsNumber(a) is { } x => x.CompareTo(b),
            (string a, string b) => string.Compare(a, b, StringComparison.OrdinalIgnoreCase),
            _ => null,
        };

        private static double? AsNumber(string s) =>
            double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : null;
    }
}
