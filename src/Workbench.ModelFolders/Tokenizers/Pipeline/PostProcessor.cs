using System.Text.Json.Nodes;
using static Workbench.ModelFolders.Tokenizers.Pipeline.TokenizerParts;

namespace Workbench.ModelFolders.Tokenizers.Pipeline;

/// <summary>
/// The special tokens a tokenizer.json's post-processor puts around a single sequence: TemplateProcessing's "single"
/// template (Llama's &lt;s&gt; or &lt;|begin_of_text|&gt;), BertProcessing's and RobertaProcessing's cls … sep; ByteLevel
/// changes only offsets. Pairs of sequences are not used here.
/// </summary>
internal sealed record PostProcessor(IReadOnlyList<(int Id, string Token)> Before, IReadOnlyList<(int Id, string Token)> After)
{
    public static PostProcessor None { get; } = new([], []);

    /// <param name="idOf">The id of a token string (added tokens, then the vocabulary), for templates without a special_tokens entry.</param>
    public static PostProcessor Create(JsonNode? node, Func<string, int?> idOf)
    {
        switch (Type(node))
        {
            case null or "ByteLevel":
                return None;
            case "Sequence":
                var parts = Items(node, "processors").Select(p => Create(p, idOf)).ToList();
                return new PostProcessor([.. parts.SelectMany(p => p.Before)], [.. parts.SelectMany(p => p.After)]);
            case "BertProcessing" or "RobertaProcessing":
                return new PostProcessor([Pair(node!["cls"])], [Pair(node!["sep"])]);
            case "TemplateProcessing":
                var before = new List<(int, string)>();
                var after = new List<(int, string)>();
                var seenSequence = false;
                foreach (var piece in Items(node, "single"))
                {
                    if (piece["Sequence"] is not null) { seenSequence = true; continue; }
                    var name = String(piece["SpecialToken"], "id") ?? throw Unsupported("post-processor", node, " with a malformed template piece");
                    var special = node!["special_tokens"]?[name];
                    var ids = special is null
                        ? [idOf(name) ?? throw new InvalidDataException($"tokenizer.json's template uses '{name}', which is neither in its special_tokens nor a token.")]
                        : Items(special, "ids").Select(i => i.GetValue<int>()).ToList();
                    var tokens = Items(special, "tokens").Select(t => t.GetValue<string>()).ToList();
                    (seenSequence ? after : before).AddRange(ids.Select((id, i) => (id, i < tokens.Count ? tokens[i] : name)));
                }
                return new PostProcessor(before, after);
            default:
                throw Unsupported("post-processor", node);
        }
    }

    private static (int, string) Pair(JsonNode? pair) => (pair![1]!.GetValue<int>(), pair[0]!.GetValue<string>());
}
