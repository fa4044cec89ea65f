using Workbench.Training.Models;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Shared;

/// <summary>
/// Hand-built causal models whose attributions are known, with one-hot embeddings (C = V) and no parameters.
/// <see cref="CopyPosition"/>: every logit row from position k on is β·E[k], so the model "copies" the token at k and its
/// loss depends on no other input. <see cref="CopyToken"/>: the logit of token c at position t is β·(number of c's at ≤ t),
/// so a c anywhere in the prompt pulls the prediction towards c (β = 0: a model that ignores its input).
/// </summary>
public sealed class CopyModel : nn.Module<Tensor, Tensor>, ICausalLanguageModel
{
    private readonly int _vocab;
    private readonly int? _position;
    private readonly int? _token;
    private readonly double _beta;

    private CopyModel(int vocab, int? position, int? token, double beta) : base("copy") =>
        (_vocab, _position, _token, _beta) = (vocab, position, token, beta);

    public static CopyModel CopyPosition(int vocab, int position, double beta = 3) => new(vocab, position, null, beta);
    public static CopyModel CopyToken(int vocab, int token, double beta = 3) => new(vocab, null, token, beta);

    public int VocabSize => _vocab;
    public int LayerCount => 1;
    public int ContextLength => 64;
    public long ParameterCount() => 0;
    public ModelShape Shape => new(_vocab, 1, 1, _vocab, _vocab);

    public override Tensor forward(Tensor idx) => ForwardFromEmbeddings(Embed(idx));

    public Tensor Embed(Tensor idx) => nn.functional.one_hot(idx, _vocab).to(ScalarType.Float32);      // (B, T) -> (B, T, V)

    // (B, T, V) -> (B, T, V)
    public Tensor ForwardFromEmbeddings(Tensor E)
    {
        var T = E.shape[1];
        if (_position is { } k)
        {
            var after = (arange(T, device: E.device) >= k).to(E.dtype).reshape(1, T, 1);               // rows t ≥ k
            return E.narrow(1, k, 1) * after * _beta;                                                   // β·E[k] on every later row
        }
        var only = zeros(_vocab, dtype: E.dtype, device: E.device);
        only[_token!.Value] = 1;
        return E.cumsum(1) * only * _beta;                                                              // β·count of c so far
    }

    public AttentionCapture ForwardWithAttention(Tensor idx) => throw new NotSupportedException();
    public FeatureCapture ForwardWithFeatures(Tensor idx, FeatureRequest request) => throw new NotSupportedException();
}
