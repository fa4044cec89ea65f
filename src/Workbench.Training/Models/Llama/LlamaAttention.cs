using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace Workbench.Training.Models.Llama;

/// <summary>
/// Causal self-attention with rotary positions and grouped-query attention (Ainslie et al. 2023): nh query heads
/// share nkv key/value heads, each kv head serving nh/nkv consecutive query heads. The family's switches add the rest:
/// biases on q, k, v (Qwen2), one fused <c>qkv_proj</c> (Phi-3), an RMSNorm over each head of q and k before the rotation
/// (Qwen3, Gemma 3), Gemma's score scale query_pre_attn_scalar^(−1/2) and soft-capped scores, and a sliding window on
/// the layers the config marks (Mistral, Phi-3, Gemma).
/// </summary>
public sealed class LlamaAttention : Module<Tensor, Tensor, Tensor, Tensor>, IAttentionProbe
{
    // Field names are Hugging Face state-dict keys.
    private readonly Linear? q_proj;     // C -> nh·hs
    private readonly Linear? k_proj;     // C -> nkv·hs
    private readonly Linear? v_proj;     // C -> nkv·hs
    private readonly Linear? qkv_proj;   // C -> (nh + 2·nkv)·hs, Phi-3's q, k, v side by side
    private readonly Linear o_proj;      // nh·hs -> C
    private readonly RmsNorm? q_norm;    // (hs), shared by the query heads
    private readonly RmsNorm? k_norm;    // (hs), shared by the key heads
    private readonly long n_head;
    private readonly long n_kv_head;
    private readonly long head_dim;
    private readonly double? _scale;     // on q·k: query_pre_attn_scalar^(−1/2) (Gemma); null for the usual hs^(−1/2)
    private readonly double? _softcap;   // Gemma 2's attn_logit_softcapping
    private readonly long? _window;      // sliding_window on a sliding layer, else null
    private bool _capture;
    private bool _captureValues;
    private Tensor? _probabilities;   // (B, nh, T, T) of the last captured pass; null at RegisterComponents, so no buffer
    private Tensor? _values;          // (B, nh, T, hs) of the last captured pass; likewise no buffer

    /// <param name="config">The architecture.</param>
    /// <param name="layer">The layer's index, which decides whether it attends within the sliding window.</param>
    public LlamaAttention(LlamaConfig config, int layer = 0) : base(nameof(LlamaAttention))
    {
        n_head = config.NumAttentionHeads;
        n_kv_head = config.NumKeyValueHeads;
        head_dim = config.HeadSize;
        var family = config.Family;
        if (family.FusedProjections) qkv_proj = Linear(config.HiddenSize, (n_head + 2 * n_kv_head) * head_dim, hasBias: config.QkvBias);
        else
        {
            q_proj = Linear(config.HiddenSize, n_head * head_dim, hasBias: config.QkvBias);
            k_proj = Linear(config.HiddenSize, n_kv_head * head_dim, hasBias: config.QkvBias);
            v_proj = Linear(config.HiddenSize, n_kv_head * head_dim, hasBias: config.QkvBias);
        }
        o_proj = Linear(n_head * head_dim, config.HiddenSize, hasBias: config.OutputBias);
        if (family.QkNorm)
        {
            q_norm = new RmsNorm(head_dim, config.RmsNormEps, family.UnitOffsetNorms);
            k_norm = new RmsNorm(head_dim, config.RmsNormEps, family.UnitOffsetNorms);
        }
        _scale = config.QueryPreAttnScalar is null ? null : config.AttentionScale;
        _softcap = family.SoftCapsScores ? config.AttnLogitSoftcapping : null;
        _window = config.IsSlidingLayer(layer) ? config.SlidingWindow : null;
        RegisterComponents();
    }

    /// <summary>The keys this layer reaches back to (its sliding window), or null when it attends to the whole prefix.</summary>
    public long? Window => _window;

    /// <summary>Keys and values of earlier tokens, attached for one cached forward (see <see cref="KeyValueCache"/>); null otherwise.</summary>
    internal LayerKeyValueCache? Cache { get; set; }

    /// <summary>The packed rows' layout, attached for packed forwards (see <see cref="PackedLayout"/>); null otherwise.</summary>
    internal PackedLayout? Packing { get; set; }

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
        var (q_lin, k_lin, v_lin) = Project(x);                                        // (B, T, nh·hs), 2 x (B, T, nkv·hs)
        using (q_lin)
        using (k_lin)
        using (v_lin)
        {
            using var q_split = q_lin.view(B, T, n_head, head_dim);                    // (B, T, nh, hs)
            using var k_split = k_lin.view(B, T, n_kv_head, head_dim);                 // (B, T, nkv, hs)
            using var q_normed = q_norm is null ? q_split.alias() : q_norm.call(q_split);   // each head normed on its own
            using var k_normed = k_norm is null ? k_split.alias() : k_norm.call(k_split);
            using var q_heads = q_normed.transpose(1, 2);                              // (B, nh, T, hs)
            using var k_heads = k_normed.transpose(1, 2);                              // (B, nkv, T, hs)
            using var v_heads = v_lin.view(B, T, n_kv_head, head_dim).transpose(1, 2); // (B, nkv, T, hs)
            using var q = RotaryEmbedding.Apply(q_heads, cos, sin);                    // (B, nh, T, hs)
            using var k_rot = RotaryEmbedding.Apply(k_heads, cos, sin);                // (B, nkv, T, hs)
            var (k_all, v_all) = Cache is null ? (k_rot.alias(), v_heads.alias()) : Cache.Append(k_rot, v_heads);   // (B, nkv, L, hs): L = T, or cached + T
            using var _k = k_all;
            using var _v = v_all;
            using var k = RepeatKv(k_all);                                             // (B, nh, L, hs)
            using var v = RepeatKv(v_all);                                             // (B, nh, L, hs)
            if (_captureValues) KeepValues(v);
            using var y = Cache is not null ? AttendCached(q, k, v, Cache.Mask)
                : Packing is { } packed ? AttendPacked(q, k, v, packed)
                : _capture || NeedsExplicitScores(T) ? Attend(q, k, v) : Fused(q, k, v);                  // (B, nh, T, hs)
            using var merged = y.transpose(1, 2).contiguous().view(B, T, n_head * head_dim);              // heads side by side again
            return o_proj.call(merged);
        }
    }

    // x: (B, T, C) -> q (B, T, nh·hs), k, v (B, T, nkv·hs); Phi-3 splits one product in that order.
    private (Tensor Q, Tensor K, Tensor V) Project(Tensor x)
    {
        if (qkv_proj is null) return (q_proj!.call(x), k_proj!.call(x), v_proj!.call(x));
        using var qkv = qkv_proj.call(x);                                              // (B, T, (nh + 2·nkv)·hs)
        var parts = qkv.split([n_head * head_dim, n_kv_head * head_dim, n_kv_head * head_dim], dim: -1);
        return (parts[0], parts[1], parts[2]);
    }

    // The fused kernel knows only the causal mask and the 1/√hs scale: soft caps and a window that cuts into the sequence need the scores.
    private bool NeedsExplicitScores(long T) => _softcap is not null || (_window is { } w && w < T);

    // The fused kernel scales by 1/√hs, so q carries the rest of a different scale.
    private Tensor Fused(Tensor q, Tensor k, Tensor v)
    {
        if (_scale is not { } scale) return scaled_dot_product_attention(q, k, v, is_casual: true);
        using var rescaled = q.mul(scale * Math.Sqrt(head_dim));
        return scaled_dot_product_attention(rescaled, k, v, is_casual: true);
    }

    // q: (B, nh, T, hs), k, v: (B, nh, L, hs), mask: additive (B, 1, T, L) -> (B, nh, T, hs). The queries are the last T of
    // the L slots and rows are left-padded, so slot distance is position distance and the window can be cut on slots.
    private Tensor AttendCached(Tensor q, Tensor k, Tensor v, Tensor mask)
    {
        if (_softcap is null && _window is null)
        {
            if (_scale is not { } scale) return scaled_dot_product_attention(q, k, v, attn_mask: mask);
            using var rescaled = q.mul(scale * Math.Sqrt(head_dim));
            return scaled_dot_product_attention(rescaled, k, v, attn_mask: mask);
        }
        var (T, L) = (q.shape[2], k.shape[2]);
        using var kT = k.transpose(-2, -1);                                                        // (B, nh, hs, L)
        using var qk = q.matmul(kT);                                                               // (B, nh, T, L)
        using var scaled = qk.mul(_scale ?? 1.0 / Math.Sqrt(head_dim));
        using var capped = _softcap is { } cap ? ExplicitAttention.SoftCap(scaled, cap) : scaled.alias();
        using var scores = capped.add(mask);
        using var windowed = _window is { } w ? scores.masked_fill(OutOfWindow(T, L, w, q.device), double.NegativeInfinity) : scores.alias();
        using var att = softmax(windowed, -1);
        return att.matmul(v);
    }

    // Packed rows: the block-diagonal causal mask on the cached path's code (L = T, so slot distance is position distance
    // within a sample and the window is cut on slots), or on the explicit one when capturing the probabilities.
    private Tensor AttendPacked(Tensor q, Tensor k, Tensor v, PackedLayout packed)
    {
        using var mask = packed.MaskFor(q);                                                         // (B, 1, T, T)
        return _capture ? Attend(q, k, v, mask) : AttendCached(q, k, v, mask);
    }

    // (T, L), true where query slot L − T + t is w or more slots past key slot j.
    private static Tensor OutOfWindow(long T, long L, long w, Device device)
    {
        using var querySlots = arange(L - T, L, dtype: ScalarType.Int64, device: device).unsqueeze(1);   // (T, 1)
        using var keySlots = arange(L, dtype: ScalarType.Int64, device: device).unsqueeze(0);            // (1, L)
        using var distance = querySlots.sub(keySlots);                                                   // (T, L)
        return distance.ge(w);
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

    private Tensor Attend(Tensor q, Tensor k, Tensor v, Tensor? mask = null)
    {
        var (y, probabilities) = ExplicitAttention.Compute(q, k, v, scale: _scale, softcap: _softcap, window: _window, mask: mask);
        _probabilities?.Dispose();
        _probabilities = null;
        if (_capture) _probabilities = probabilities;
        else probabilities.Dispose();
        return y;
    }
}
