using Workbench.Training.Models;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Models;

public sealed class VocabularyPrefixTests : TorchTest
{
    [Fact]
    public void EveryForward_LogitsAreTheInnerModelsFirstColumns()
    {
        using var inner = TinyLlama.Model(TinyLlama.Config());
        using var cut = new VocabularyPrefix(TinyLlama.Model(TinyLlama.Config()), 40);
        using var ids = TinyLlama.Ids(2, 5);
        using var _ = no_grad();
        using var full = inner.call(ids);
        using var expected = full.narrow(-1, 0, 40);

        using (var logits = cut.call(ids)) TensorAssert.Close(expected, logits, 1e-6);
        using (var embeddings = cut.Embed(ids))
        using (var logits = cut.ForwardFromEmbeddings(embeddings)) TensorAssert.Close(expected, logits, 1e-6);
        using (var features = cut.ForwardWithFeatures(ids, new FeatureRequest(HiddenStates: true)))
        {
            TensorAssert.Close(expected, features.Logits, 1e-6);
            Assert.Equal(TinyLlama.Config().NumHiddenLayers + 1, features.HiddenStates.Count);
        }
        using (var attention = cut.ForwardWithAttention(ids)) TensorAssert.Close(expected, attention.Logits, 1e-6);
        Assert.Equal(40, cut.Shape.VocabSize);
        Assert.Equal(inner.ParameterCount(), cut.ParameterCount());
    }

    [Fact]
    public void Create_MoreColumnsThanTheModelHas_Refused()
    {
        using var model = TinyLlama.Model(TinyLlama.Config());
        Assert.Throws<ArgumentOutOfRangeException>(() => new VocabularyPrefix(model, TinyLlama.Vocab + 1));
    }
}
