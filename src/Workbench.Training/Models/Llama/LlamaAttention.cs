using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace Workbench.Training.Models.Llama;

/// <summary>
/// Causal self-attention with rotary positions and grouped-query attention (Ainslie et al. 2023): nh query heads
/// share nkv key/value heads, each kv head serving nh/nkv consecutive query heads. Qwen2 adds biases to q, k, v.
/// </summary>
public sealed class LlamaAttention : Module<Tensor, Tensor, Tensor, Tensor>, IAttentionProbe
{
    // Field names are Hugging Face state-dict keys.
    private readonly Linear q_proj;   // C -> nh·hs
    private readonly Linear k_proj;   // C -> nkv·hs
    private readonly Linear v_proj;   // C -> nkv·hs
    private readonly Linear o_proj;   // nh·hs -> C
    private readonly long n_head;
    private readonly long n_kv_head;
    private readonly long head_dim;
    private bool _capture;
    private bool _captureValues;
    private Tensor? _probabilities;   // (B, nh, T, T) of the last captured pass; null at RegisterComponents, so no buffer
    private Tensor? _values;          // (B, nh, T, hs) of the last captured pass; likewise no buffer

    public LlamaAttention(LlamaConfig config) : base(nameof(LlamaAttention))
    {
        n_head = config.NumAttentionHeads;
        n_kv_head = config.NumKeyValueHeads;
        head_dim = config.HeadSize;
        q_proj = Linear(config.HiddenSize, n_head * head_dim, hasBias: config.QkvBias);
        k_proj = Linear(config.HiddenSize, n_kv_head * head_dim, hasBias: config.QkvBias);
        v_proj = Linear(config.HiddenSize, n_kv_head * head_dim, hasBias: config.QkvBias);
        o_proj = Linear(n_head * head_dim, config.HiddenSize, hasBias: config.OutputBias);
        RegisterComponents();
    }

    /// <summary>Keys and values of earlier tokens, attached for one cached forward (see <see cref="KeyValueCache"/>); null otherwise.</summary>
    internal LayerKeyValueCache? Cache { get; set; }

    bool IAttentionProbe.CaptureAttention { get => _capture; set => _capture = value; }
    bool IAttentionProbe.CaptureValues { get => _captureValues; set => _captureValues = value; }

    Tensor? IAttentionProbe.TakeProbabilities()
    {
        var p = _probabilities;
        _probabilities = null;
        return p;
    }

    Tensor? IAttentionProbe.TakeValues()
    {
        var kept = _values;
        _values = null;
        return kept;
    }

    // x: (B, T, C), cos, sin: (T, hs) or per row (B, 1, T, hs) -> (B, T, C)
    public override Tensor forward(Tensor x, Tensor cos, Tensor sin)
    {
        var (B, T) = (x.shape[0], x.shape[1]);
        using var q_lin = q_proj.call(x);                                              // (B, T, nh·hs)
        using var k_lin = k_proj.call(x);                                              // (B, T, nkv·hs)
        using var v_lin = v_proj.call(x);                                              // (B, T, nkv·hs)
        using var q_heads = q_lin.view(B, T, n_head, head_dim).transpose(1, 2);       // (B, nh, T, hs)
        using var k_heads = k_lin.view(B, T, n_kv_head, head_dim).transpose(1, 2);    // (B, nkv, T, hs)
        using var v_heads = v_lin.view(B, T, n_kv_head, head_dim).transpose(1, 2);    // (B, nkv, T, hs)
        using var q = RotaryEmbedding.Apply(q_heads, cos, sin);                        // (B, nh, T, hs)
        using var k_rot = RotaryEmbedding.Apply(k_heads, cos, sin);                    // (B, nkv, T, hs)
        var (k_all, v_all) = Cache is null ? (k_rot.alias(), v_heads.alias()) : Cache.Append(k_rot, v_heads);   // (B, nkv, L, hs): L = T, or cached + T
        using var _k = k_all;
        using var _v = v_all;
        using var k = RepeatKv(k_all);                                                 // (B, nh, L, hs)
        using var v = RepeatKv(v_all);                                                 // (B, nh, L, hs)
        if (_captureValues) KeepValues(v);
        using var y = _capture ? Attend(q, k, v)
            : Cache is null ? scaled_dot_product_attention(q, k, v, is_casual: true)
            : scaled_dot_product_attention(q, k, v, attn_mask: Cache.Mask);           // (B, nh, T, hs)
        using var merged = y.transpose(1, 2).contiguous().view(B, T, n_head * head_dim);                      // heads side by side again
        return o_proj.call(merged);
    }

    // (B, nkv, T, hs) -> (B, nh, T, hs): kv head j serves query heads j·g .. j·g + g − 1, g = nh/nkv (HF's repeat_kv)
    private Tensor RepeatKv(Tensor kv) =>
        n_kv_head == n_head ? kv.alias() : kv.repeat_interleave(n_head / n_kv_head, dim: 1);

    // Values per query head (kv heads repeated), so value relations line up with the attention maps.
    private void KeepValues(Tensor v)
    {
        _values?.Dispose();
        _values = v.alias();   // a second handle: v's own is disposed at the end of forward
    }

    private Tensor Attend(Tensor q, Tensor k, Tensor v)
    {
        var (y, probabilities) = ExplicitAttention.Compute(q, k, v);
        _probabilities?.Dispose();
        _probabilities = probabilities;
        return y;
    }
}
