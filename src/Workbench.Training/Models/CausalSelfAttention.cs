using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace Workbench.Training.Models;

/// <summary>
/// Multi-head causal self-attention (nanoGPT's <c>CausalSelfAttention</c>), using the fused kernel unless
/// <see cref="AttentionCapture"/> asks for the probabilities.
/// </summary>
public sealed class CausalSelfAttention : Module<Tensor, Tensor>, IAttentionProbe
{
    // Field names are state-dict keys: keep PyTorch's.
    private readonly Linear c_attn;   // key, query, value projections for all heads, in one matmul
    private readonly Linear c_proj;   // output projection
    private readonly Dropout resid_dropout;
    private readonly long n_head;
    private readonly long n_embd;
    private readonly double dropout;
    private bool _capture;
    private bool _captureValues;
    private Tensor? _probabilities;   // (B, nh, T, T) of the last captured pass; null at RegisterComponents, so no buffer
    private Tensor? _values;          // (B, nh, T, hs) of the last captured pass; likewise no buffer

    public CausalSelfAttention(GptConfig config) : base(nameof(CausalSelfAttention))
    {
        n_head = config.Heads;
        n_embd = config.Width;
        dropout = config.Dropout;
        c_attn = Linear(n_embd, 3 * n_embd);
        c_proj = Linear(n_embd, n_embd);
        resid_dropout = Dropout(dropout);
        RegisterComponents();
    }

    /// <summary>Keys and values of earlier tokens, attached for one cached forward (see <see cref="KeyValueCache"/>); null otherwise.</summary>
    internal LayerKeyValueCache? Cache { get; set; }

    /// <summary>The packed rows' layout, attached for packed forwards (see <see cref="PackedLayout"/>); null otherwise.</summary>
    internal PackedLayout? Packing { get; set; }

    /// <summary>The output projection, which GPT-2 initialises with a smaller standard deviation.</summary>
    internal Linear OutputProjection => c_proj;

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
        var v = _values;
        _values = null;
        return v;
    }

    // x: (B, T, C) -> (B, T, C)
    public override Tensor forward(Tensor x)
    {
        var (B, T, C) = (x.shape[0], x.shape[1], x.shape[2]);
        using var qkv = c_attn.call(x);                                                // (B, T, 3C)
        var parts = qkv.split(n_embd, dim: 2);                                        // 3 x (B, T, C)
        using var q = parts[0].view(B, T, n_head, C / n_head).transpose(1, 2);      // (B, nh, T, hs)
        using var k_new = parts[1].view(B, T, n_head, C / n_head).transpose(1, 2);  // (B, nh, T, hs)
        using var v_new = parts[2].view(B, T, n_head, C / n_head).transpose(1, 2);  // (B, nh, T, hs)
        foreach (var part in parts) part.Dispose();
        var (k, v) = Cache is null ? (k_new.alias(), v_new.alias()) : Cache.Append(k_new, v_new);   // (B, nh, L, hs): L = T, or cached + T
        using var _k = k;
        using var _v = v;
        if (_captureValues) KeepValues(v);
        using var y = _capture ? Attend(q, k, v)
            : Packing is { } packed ? AttendPacked(q, k, v, packed)
            : Cache is null ? scaled_dot_product_attention(q, k, v, p: training ? dropout : 0, is_casual: true)
            : scaled_dot_product_attention(q, k, v, attn_mask: Cache.Mask);                                // (B, nh, T, hs)
        using var merged = y.transpose(1, 2).contiguous().view(B, T, C);            // heads side by side again
        return resid_dropout.call(c_proj.call(merged));
    }

    private void KeepValues(Tensor v)
    {
        _values?.Dispose();
        _values = v.alias();   // a second handle: v's own is disposed at the end of forward
    }

    // The fused kernel with the block-diagonal causal mask of packed rows instead of is_causal.
    private Tensor AttendPacked(Tensor q, Tensor k, Tensor v, PackedLayout packed)
    {
        using var mask = packed.MaskFor(q);                                           // (B, 1, T, T)
        return scaled_dot_product_attention(q, k, v, attn_mask: mask, p: training ? dropout : 0);
    }

    private Tensor Attend(Tensor q, Tensor k, Tensor v)
    {
        using var packedMask = Packing?.MaskFor(q);
        var (y, probabilities) = ExplicitAttention.Compute(q, k, v, training ? dropout : 0, mask: packedMask);
        _probabilities?.Dispose();
        _probabilities = probabilities;
        return y;
    }
}
