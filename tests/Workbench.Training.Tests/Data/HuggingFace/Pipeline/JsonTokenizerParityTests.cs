using Workbench.ModelFolders.Tokenizers.Pipeline;
using Workbench.Training.Tests.Shared;
using Xunit.Abstractions;

namespace Workbench.Training.Tests.Data.HuggingFace.Pipeline;

/// <summary>
/// Ids and decoded text of <see cref="JsonTokenizer"/> against Hugging Face's tokenizers library (the implementation
/// transformers uses) on <see cref="ParityCorpus"/>, for a tokenizer.json of each family's format. The JavaScript port
/// (@huggingface/tokenizers, inside @huggingface/transformers) is run too and its agreement reported.
/// </summary>
public sealed class JsonTokenizerParityTests(ITestOutputHelper output)
{
    public static TheoryData<string> Families => [.. TokenizerFamilies.Names];

    [Theory]
    [MemberData(nameof(Families))]
    public void Encode_EveryCorpusText_SameIdsAndTextAsTheReference(string family)
    {
        var (json, specials) = TokenizerFamilies.Create(family);
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("tokenizer.json"), json.ToJsonString());
        var texts = ParityCorpus.Texts(specials);
        var (rust, js) = ReferenceTokenizers.Tokenize(dir.File("tokenizer.json"), texts);
        var tokenizer = new JsonTokenizer(json);

        var mismatches = new List<string>();
        var (sameIds, sameText, jsSame) = (0, 0, 0);
        for (var i = 0; i < texts.Count; i++)
        {
            var ids = tokenizer.Encode(texts[i]).Select(t => t.Id).ToArray();
            var decoded = tokenizer.Decode(ids);
            if (ids.SequenceEqual(rust[i].Ids)) sameIds++;
            else mismatches.Add($"ids of {ReferenceTokenizers.Show(texts[i])}: ours {ReferenceTokenizers.Show(ids)}, reference {ReferenceTokenizers.Show(rust[i].Ids)}");
            if (decoded == rust[i].Decoded) sameText++;
            else mismatches.Add($"text of {ReferenceTokenizers.Show(texts[i])}: ours {ReferenceTokenizers.Show(decoded)}, reference {ReferenceTokenizers.Show(rust[i].Decoded)}");
            if (js[i].Error is null && js[i].Ids.SequenceEqual(rust[i].Ids)) jsSame++;
        }
        output.WriteLine($"{family}: ids identical on {sameIds} of {texts.Count} texts, decoded text on {sameText} of {texts.Count}; "
                         + $"the JavaScript port agrees with the library on {jsSame} of {texts.Count}");
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(15)));
    }
}
