namespace Workbench.Training.Tests.Models.Llama.Reference;

/// <summary>
/// An independent forward pass in double precision over plain arrays, transcribed line by line from transformers'
/// modeling_llama, modeling_qwen2, modeling_qwen3, modeling_mistral, modeling_phi3, modeling_gemma2 and modeling_gemma3
/// (eager attention, masking_utils' causal and sliding-window masks, modeling_rope_utils' default, linear and longrope
/// frequencies). It reads the folder's config.json with the config classes' defaults and shares no code with the model.
/// </summary>
public sealed class ReferenceForward(ReferenceFolder f)
{
    private readonly string _type = f.Config["model_type"]!.GetValue<string>();
    private bool IsGemma => _type is "gemma2" or "gemma3_text";
    private int C => f.Int("hidden_size");
    private int Nh => f.Int("num_attention_heads");
    private int Nkv => f.Int("num_key_value_heads");
    private int Hd => f.Config["head_dim"] is null ? C / Nh : f.Int("head_dim");
    private double Eps => f.Double("rms_norm_eps") ?? 1e-6;

    /// <summary>Logits (T, V) of one sequence.</summary>
    public double[][] Logits(long[] ids)
    {
        var T = ids.Length;
        var embed = f.Matrix("model.embed_tokens.weight");
        var x = ids.Select(id => (double[])embed[id].Clone()).ToArray();
        if (IsGemma)   // normalizer = torch.tensor(hidden_size**0.5, dtype=hidden_states.dtype)
        {
            var normalizer = (double)(float)Math.Sqrt(C);
            x = [.. x.Select(row => row.Select(v => v * normalizer).ToArray())];
        }
        for (var l = 0; l < f.Int("num_hidden_layers"); l++)
        {
            var p = $"model.layers.{l}.";
            if (IsGemma)
            {
                // residual + post_attention_layernorm(self_attn(input_layernorm(x))), then the same around the MLP
                var a = Norm(Attention(Norm(x, p + "input_layernorm.weight"), l), p + "post_attention_layernorm.weight");
                x = Add(x, a);
                var m = Norm(Mlp(Norm(x, p + "pre_feedforward_layernorm.weight"), l), p + "post_feedforward_layernorm.weight");
                x = Add(x, m);
            }
            else
            {
                x = Add(x, Attention(Norm(x, p + "input_layernorm.weight"), l));
                x = Add(x, Mlp(Norm(x, p + "post_attention_layernorm.weight"), l));
            }
        }
        x = Norm(x, "model.norm.weight");
        var head = f.Has("lm_head.weight") ? f.Matrix("lm_head.weight") : embed;
        var logits = x.Select(row => Linear(row, head, null)).ToArray();
        var cap = f.Config.ContainsKey("final_logit_softcapping") ? f.Double("final_logit_softcapping") : _type == "gemma2" ? 30.0 : null;
        if (cap is { } c) logits = [.. logits.Select(row => row.Select(z => c * Math.Tanh(z / c)).ToArray())];
        return logits;
    }

    // Llama: x·rsqrt(mean(x²) + ε)·w; Gemma: ·(1 + w).
    private double[][] Norm(double[][] x, string weight) => [.. x.Select(row => NormRow(row, f.Vector(weight)))];

    private double[] NormRow(double[] row, double[] w)
    {
        var rstd = 1 / Math.Sqrt(row.Select(v => v * v).Average() + Eps);
        return [.. row.Select((v, i) => v * rstd * (IsGemma ? 1 + w[i] : w[i]))];
    }

    private double[][] Attention(double[][] h, int l)
    {
        var p = $"model.layers.{l}.self_attn.";
        var T = h.Length;
        double[][] q, k, v;
        if (_type == "phi3")
        {
            // qkv = qkv_proj(h); q = qkv[..., :nh·hd]; k = qkv[..., nh·hd : nh·hd + nkv·hd]; v = the rest
            var qkv = h.Select(row => Linear(row, f.Matrix(p + "qkv_proj.weight"), null)).ToArray();
            q = [.. qkv.Select(r => r[..(Nh * Hd)])];
            k = [.. qkv.Select(r => r[(Nh * Hd)..(Nh * Hd + Nkv * Hd)])];
            v = [.. qkv.Select(r => r[(Nh * Hd + Nkv * Hd)..])];
        }
        else
        {
            q = [.. h.Select(row => Linear(row, f.Matrix(p + "q_proj.weight"), Bias(p + "q_proj.bias")))];
            k = [.. h.Select(row => Linear(row, f.Matrix(p + "k_proj.weight"), Bias(p + "k_proj.bias")))];
            v = [.. h.Select(row => Linear(row, f.Matrix(p + "v_proj.weight"), Bias(p + "v_proj.bias")))];
        }
        var (cos, sin) = Rope(T, l);
        var sliding = IsSliding(l);
        var window = sliding ? f.Int("sliding_window") : int.MaxValue;
        var scaling = IsGemma ? Math.Pow(f.Double("query_pre_attn_scalar") ?? 256, -0.5) : Math.Pow(Hd, -0.5);
        double? softcap = _type == "gemma2" ? (f.Config.ContainsKey("attn_logit_softcapping") ? f.Double("attn_logit_softcapping") : 50.0) : null;
        var output = new double[T][];
        for (var t = 0; t < T; t++) output[t] = new double[Nh * Hd];
        for (var head = 0; head < Nh; head++)
        {
            var kvHead = head / (Nh / Nkv);                      // repeat_kv: kv head j serves query heads j·g .. j·g + g − 1
            var qh = Heads(q, head, "q_norm", p, cos, sin);
            var kh = Heads(k, kvHead, "k_norm", p, cos, sin);
            for (var t = 0; t < T; t++)
            {
                var scores = new double[T];
                for (var s = 0; s < T; s++)
                {
                    var score = Enumerable.Range(0, Hd).Sum(i => qh[t][i] * kh[s][i]) * scaling;
                    if (softcap is { } cap) score = cap * Math.Tanh(score / cap);
                    // causal_mask_function: kv ≤ q; sliding_window_overlay: kv > q − window
                    scores[s] = s <= t && s > t - window ? score : double.NegativeInfinity;
                }
                var max = scores.Max();
                var e = scores.Select(sc => Math.Exp(sc - max)).ToArray();
                var sum = e.Sum();
                for (var s = 0; s < T; s++)
                    for (var i = 0; i < Hd; i++) output[t][head * Hd + i] += e[s] / sum * v[s][kvHead * Hd + i];
            }
        }
        return [.. output.Select(row => Linear(row, f.Matrix(p + "o_proj.weight"), Bias(p + "o_proj.bias")))];
    }

    // One head's (T, hd) slice, q_norm/k_norm'd where the family has them, then rotated: x·cos + rotate_half(x)·sin.
    private double[][] Heads(double[][] x, int head, string norm, string prefix, double[][] cos, double[][] sin)
    {
        var rows = x.Select(r => r[(head * Hd)..((head + 1) * Hd)]).ToArray();
        if (_type is "qwen3" or "gemma3_text") rows = [.. rows.Select(r => NormRow(r, f.Vector(prefix + norm + ".weight")))];
        var half = Hd / 2;
        return [.. rows.Select((r, t) => Enumerable.Range(0, Hd).Select(i =>
            r[i] * cos[t][i] + (i < half ? -r[i + half] : r[i - half]) * sin[t][i]).ToArray())];
    }

    private (double[][] Cos, double[][] Sin) Rope(int T, int layer)
    {
        var theta = f.Double("rope_theta") ?? (_type == "gemma3_text" ? 1_000_000 : 10_000);
        var scaling = f.Config["rope_scaling"] as System.Text.Json.Nodes.JsonObject;
        if (_type == "gemma3_text" && IsSliding(layer))
        {
            theta = f.Double("rope_local_base_freq") ?? 10_000;    // the local rotary embedding has no scaling
            scaling = null;
        }
        var inv = Enumerable.Range(0, Hd / 2).Select(i => 1.0 / Math.Pow(theta, 2.0 * i / Hd)).ToArray();
        var attentionFactor = 1.0;
        var type = (scaling?["rope_type"] ?? scaling?["type"])?.GetValue<string>();
        if (type == "linear") inv = [.. inv.Select(w => w / scaling!["factor"]!.GetValue<double>())];
        if (type is "longrope" or "su")
        {
            // _compute_longrope_parameters: factor = max_position_embeddings / original_max_position_embeddings,
            // ext_factors = long_factor if seq_len > original else short_factor, inv_freq = 1 / (ext_factors · base^(2i/d))
            var original = f.Int("original_max_position_embeddings");
            var factor = (double)f.Int("max_position_embeddings") / original;
            attentionFactor = factor <= 1 ? 1 : Math.Sqrt(1 + Math.Log(factor) / Math.Log(original));
            var ext = scaling![T > original ? "long_factor" : "short_factor"]!.AsArray().Select(n => n!.GetValue<double>()).ToArray();
            inv = [.. inv.Select((w, i) => w / ext[i])];
        }
        var cos = new double[T][];
        var sin = new double[T][];
        for (var t = 0; t < T; t++)
        {
            cos[t] = [.. Enumerable.Range(0, Hd).Select(i => Math.Cos(t * inv[i % (Hd / 2)]) * attentionFactor)];
            sin[t] = [.. Enumerable.Range(0, Hd).Select(i => Math.Sin(t * inv[i % (Hd / 2)]) * attentionFactor)];
        }
        return (cos, sin);
    }

    // The config classes' layer_types: Gemma 2 "sliding_attention" if (i + 1) % 2 else full, Gemma 3 likewise with
    // sliding_window_pattern (default 6); Mistral and Phi-3 slide on every layer once sliding_window is set.
    private bool IsSliding(int layer)
    {
        if (f.Config["sliding_window"] is null) return false;
        if (f.Config["layer_types"] is System.Text.Json.Nodes.JsonArray types) return types[layer]!.GetValue<string>() == "sliding_attention";
        return _type switch
        {
            "gemma2" => (layer + 1) % 2 != 0,
            "gemma3_text" => (layer + 1) % (f.Config["sliding_window_pattern"] is null ? 6 : f.Int("sliding_window_pattern")) != 0,
            "mistral" or "phi3" => true,
            _ => false,
        };
    }

    private double[][] Mlp(double[][] h, int l)
    {
        var p = $"model.layers.{l}.mlp.";
        return [.. h.Select(row =>
        {
            double[] gate, up;
            if (_type == "phi3")
            {
                var gateUp = Linear(row, f.Matrix(p + "gate_up_proj.weight"), null);     // gate, up_states = up_states.chunk(2, dim=-1)
                gate = gateUp[..(gateUp.Length / 2)];
                up = gateUp[(gateUp.Length / 2)..];
            }
            else
            {
                gate = Linear(row, f.Matrix(p + "gate_proj.weight"), Bias(p + "gate_proj.bias"));
                up = Linear(row, f.Matrix(p + "up_proj.weight"), Bias(p + "up_proj.bias"));
            }
            var act = gate.Select(g => IsGemma ? GeluTanh(g) : g / (1 + Math.Exp(-g))).ToArray();
            return Linear([.. act.Select((a, i) => a * up[i])], f.Matrix(p + "down_proj.weight"), Bias(p + "down_proj.bias"));
        })];
    }

    // gelu_pytorch_tanh: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
    private static double GeluTanh(double x) => 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));

    private double[]? Bias(string name) => f.Has(name) ? f.Vector(name) : null;

    private static double[] Linear(double[] x, double[][] w, double[]? b) =>
        [.. w.Select((row, o) => row.Select((wi, i) => wi * x[i]).Sum() + (b?[o] ?? 0))];

    private static double[][] Add(double[][] a, double[][] b) => [.. a.Select((row, t) => row.Select((v, i) => v + b[t][i]).ToArray())];
}
