using System.Text.Json.Nodes;
using static Workbench.ModelFolders.Tokenizers.Pipeline.TokenizerParts;

namespace Workbench.ModelFolders.Tokenizers.Pipeline;

/// <summary>
/// A tokenizer.json's added tokens (specials such as &lt;|im_start|&gt;, [CLS]): found in the text before the model runs,
/// leftmost and longest first, each taken whole. A token marked <c>normalized: false</c> is looked for in the original
/// text, one marked <c>normalized</c> in the normalised text; lstrip/rstrip swallow the whitespace beside it, and
/// single_word requires it to stand alone.
/// </summary>
internal sealed class AddedTokens
{
    private readonly List<Entry> _raw = [], _normalized = [];
    private readonly Dictionary<int, string> _byId = [];

    public AddedTokens(JsonNode json, Func<AlignedText, AlignedText>? normalizer)
    {
        foreach (var token in Items(json, "added_tokens"))
        {
            var content = String(token, "content") ?? "";
            var id = Int(token, "id", -1);
            var special = Bool(token, "special", false);
            var normalized = Bool(token, "normalized", !special);
            _byId[id] = content;
            var match = normalized && normalizer is not null ? normalizer(AlignedText.Original(content, 0, content.Length)).Text : content;
            if (match.Length == 0) continue;
            (normalized ? _normalized : _raw).Add(new Entry(id, match, Bool(token, "lstrip", false), Bool(token, "rstrip", false),
                                                            Bool(token, "single_word", false)));
        }
    }

    public bool HasNormalized => _normalized.Count > 0;

    public string? IdToToken(int id) => _byId.GetValueOrDefault(id);

    public int? TokenToId(string token) => _byId.FirstOrDefault(e => e.Value == token) is { Value: not null } e ? e.Key : null;

    /// <summary>The text split into added tokens (with their id) and the pieces between them (id null).</summary>
    public List<(int? Id, AlignedText Text)> Split(AlignedText text, bool normalized)
    {
        var entries = normalized ? _normalized : _raw;
        var parts = new List<(int?, AlignedText)>();
        var s = text.Text;
        var done = 0;
        for (var at = 0; at < s.Length;)
        {
            var best = entries.Where(e => string.CompareOrdinal(s, at, e.Content, 0, e.Content.Length) == 0 && at + e.Content.Length <= s.Length
                                          && (!e.SingleWord || StandsAlone(s, at, at + e.Content.Length)))
                              .MaxBy(e => e.Content.Length);
            if (best is null) { at++; continue; }
            var (start, stop) = (at, at + best.Content.Length);
            if (best.LStrip) while (start > done && char.IsWhiteSpace(s[start - 1])) start--;
            if (best.RStrip) while (stop < s.Length && char.IsWhiteSpace(s[stop])) stop++;
            if (start > done) parts.Add((null, text.Slice(done, start)));
            parts.Add((best.Id, text.Slice(start, stop)));
            done = at = stop;
        }
        if (done < s.Length) parts.Add((null, text.Slice(done, s.Length)));
        return parts;
    }

    private static bool StandsAlone(string s, int start, int end) =>
        (start == 0 || !IsWordChar(s[start - 1])) && (end == s.Length || !IsWordChar(s[end]));

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private sealed record Entry(int Id, string Content, bool LStrip, bool RStrip, bool SingleWord);
}
