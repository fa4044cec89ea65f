using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using static Workbench.ModelFolders.Tokenizers.Pipeline.TokenizerParts;

namespace Workbench.ModelFolders.Tokenizers.Pipeline;

/// <summary>
/// The normalizers of tokenizer.json, with the <c>tokenizers</c> library's semantics: Sequence, NFC/NFD/NFKC/NFKD,
/// Lowercase, StripAccents, Replace, Prepend, Strip and BertNormalizer. SentencePiece's Precompiled charsmap is refused.
/// </summary>
internal static class Normalizers
{
    public static Func<AlignedText, AlignedText>? Create(JsonNode? node)
    {
        if (node is null) return null;
        switch (Type(node))
        {
            case "Sequence":
                var steps = Items(node, "normalizers").Select(n => Create(n)!).ToList();
                return text => steps.Aggregate(text, (t, step) => step(t));
            case "NFC": return text => Unicode(text, NormalizationForm.FormC);
            case "NFD": return text => Unicode(text, NormalizationForm.FormD);
            case "NFKC": return text => Unicode(text, NormalizationForm.FormKC);
            case "NFKD": return text => Unicode(text, NormalizationForm.FormKD);
            case "Lowercase": return Lowercase;
            case "StripAccents": return StripAccents;
            case "Replace":
                var pattern = Pattern(node["pattern"], "Replace normalizer");
                var content = String(node, "content") ?? "";
                return text => text.Replace(pattern.Matches(text.Text).Where(m => m.End > m.Start), _ => content);
            case "Prepend":
                var prefix = String(node, "prepend") ?? "";
                return text => text.Length == 0 ? text : text.Prepend(prefix);
            case "Strip":
                var (left, right) = (Bool(node, "strip_left", true), Bool(node, "strip_right", true));
                return text => Strip(text, left, right);
            case "BertNormalizer":
                return Bert(Bool(node, "clean_text", true), Bool(node, "handle_chinese_chars", true),
                            node["strip_accents"] is JsonValue v && v.TryGetValue<bool>(out var s) ? s : null, Bool(node, "lowercase", true));
            case "Precompiled":
                throw new NotSupportedException("tokenizer.json has a Precompiled normalizer (a SentencePiece charsmap), which is not supported; "
                    + "a file whose charsmap is plain NFKC can say NFKC instead.");
            default:
                throw Unsupported("normalizer", node);
        }
    }

    // Unicode normalisation per text element (a base and its marks), so each result stays aligned to its source.
    private static AlignedText Unicode(AlignedText text, NormalizationForm form)
    {
        if (text.Text.IsNormalized(form)) return text;
        var builder = new AlignedText.Builder(text.Origin);
        var elements = StringInfo.GetTextElementEnumerator(text.Text);
        while (elements.MoveNext())
        {
            var element = (string)elements.Current;
            var (start, end) = text.OriginalRange(elements.ElementIndex, elements.ElementIndex + element.Length);
            builder.Append(element.Normalize(form), start, end);
        }
        return builder.Build();
    }

    // Per code point, as char::to_lowercase: the full mapping of İ, otherwise the simple one.
    private static AlignedText Lowercase(AlignedText text) =>
        text.MapCodePoints((r, _) => r.Value == 0x130 ? "i\u0307" : Rune.ToLowerInvariant(r).ToString());

    private static bool IsMark(Rune r) => Rune.GetUnicodeCategory(r) is UnicodeCategory.NonSpacingMark
        or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    private static AlignedText StripAccents(AlignedText text) => text.MapCodePoints((r, _) => IsMark(r) ? "" : r.ToString());

    private static AlignedText Strip(AlignedText text, bool left, bool right)
    {
        var (start, end) = (0, text.Length);
        if (left) while (start < end && char.IsWhiteSpace(text.Text[start])) start++;
        if (right) while (end > start && char.IsWhiteSpace(text.Text[end - 1])) end--;
        return text.Slice(start, end);
    }

    // BERT's BasicTokenizer cleaning: drop NUL, U+FFFD and controls, whitespace to ' ', spaces around CJK ideographs,
    // then (if asked, and by default when lowercasing) NFD and drop marks, then lowercase.
    private static Func<AlignedText, AlignedText> Bert(bool cleanText, bool chineseChars, bool? stripAccents, bool lowercase) => text =>
    {
        if (cleanText)
            text = text.MapCodePoints((r, _) => r.Value is 0 or 0xFFFD || IsControl(r) ? "" : Rune.IsWhiteSpace(r) ? " " : r.ToString());
        if (chineseChars) text = text.MapCodePoints((r, _) => IsChinese(r.Value) ? $" {r} " : r.ToString());
        if (stripAccents ?? lowercase) text = StripAccents(Unicode(text, NormalizationForm.FormD));
        return lowercase ? Lowercase(text) : text;
    };

    private static bool IsControl(Rune r) => r.Value is not ('\t' or '\n' or '\r') && Rune.GetUnicodeCategory(r) is UnicodeCategory.Control
        or UnicodeCategory.Format or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;

    private static bool IsChinese(int c) => c is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0x20000 and <= 0x2A6DF
        or >= 0x2A700 and <= 0x2B73F or >= 0x2B740 and <= 0x2B81F or >= 0x2B920 and <= 0x2CEAF or >= 0xF900 and <= 0xFAFF
        or >= 0x2F800 and <= 0x2FA1F;
}
