using System.Text;
using Workbench.Experiments.Datasets;

namespace Workbench.Experiments.Tests.Datasets;

public sealed class JsonlDatasetParserTests
{
    private static DatasetParseResult Parse(string text, DatasetLimits? limits = null) =>
        new JsonlDatasetParser(limits).Parse(Encoding.UTF8.GetBytes(text));

    private static DatasetLineError SingleError(string text, DatasetLimits? limits = null)
    {
        var result = Parse(text, limits);
        Assert.False(result.Succeeded);
        Assert.Empty(result.Samples);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void Parse_AllFields_ReadsEachSample()
    {
        var result = Parse("""
            {"prompt":"ann has 3 pens . it rains .","completion":"3","answer":"3","confounder_spans":[[17,27]],"split":"test"}
            {"prompt":"q2","completion":"c2"}
            """);

        Assert.True(result.Succeeded);
        Assert.Equal(2, result.Samples.Count);
        var first = result.Samples[0];
        Assert.Equal("ann has 3 pens . it rains .", first.Prompt);
        Assert.Equal("3", first.Completion);
        Assert.Equal("3", first.Answer);
        Assert.Equal([new CharSpan(17, 27)], first.ConfounderSpans);
        Assert.Equal("it rains .", first.Prompt[17..27]);
        Assert.Equal(DatasetSplitNames.Test, first.Split);
        Assert.Null(result.Samples[1].Answer);
        Assert.Null(result.Samples[1].ConfounderSpans);
    }

    [Fact]
    public void Parse_BomCrlfAndBlankLines_SkipsBlanksAndKeepsLineNumbers()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(
            "{\"prompt\":\"a\",\"completion\":\"b\"}\r\n\r\n   \r\n{\"prompt\":\"c\",\"completion\":\"d\"}\r\n{\"prompt\":5,\"completion\":\"d\"}\r\n")).ToArray();

        var result = new JsonlDatasetParser().Parse(bytes);

        var error = Assert.Single(result.Errors);
        Assert.Equal(5, error.Line);
        Assert.Equal("prompt", error.Field);

        var good = new JsonlDatasetParser().Parse(bytes.AsSpan(0, bytes.Length - "{\"prompt\":5,\"completion\":\"d\"}\r\n".Length));
        Assert.True(good.Succeeded);
        Assert.Equal(["a", "c"], good.Samples.Select(s => s.Prompt));
        Assert.Equal("b", good.Samples[0].Completion);   // no stray \r
    }

    [Fact]
    public void Parse_NoTrailingNewline_ReadsLastLine()
    {
        var result = Parse("{\"prompt\":\"a\",\"completion\":\"b\"}\n{\"prompt\":\"c\",\"completion\":\"d\"}");
        Assert.Equal(2, result.Samples.Count);
    }

    [Theory]
    [InlineData("{\"completion\":\"b\"}", "prompt", "Required")]
    [InlineData("{\"prompt\":null,\"completion\":\"b\"}", "prompt", "Required")]
    [InlineData("{\"prompt\":\"a\"}", "completion", "Required")]
    [InlineData("{\"prompt\":[\"a\"],\"completion\":\"b\"}", "prompt", "Must be a string, found an array")]
    [InlineData("{\"prompt\":\"a\",\"completion\":true}", "completion", "found a boolean")]
    [InlineData("{\"prompt\":\"  \",\"completion\":\"b\"}", "prompt", "Must not be empty")]
    [InlineData("{\"prompt\":\"a\",\"completion\":\"\"}", "completion", "Must not be empty")]
    [InlineData("{\"prompt\":\"a\",\"completion\":\"b\",\"answer\":[8]}", "answer", "Must be a string, a number or a boolean, found an array")]
    [InlineData("{\"prompt\":\"a\",\"completion\":\"b\",\"answer\":{\"value\":8}}", "answer", "found an object")]
    [InlineData("{\"prompt\":\"a\",\"completion\":\"b\",\"split\":\"held out\"}", "split", "'held out' is not a split name")]
    [InlineData("{\"prompt\":\"a\",\"completion\":\"b\",\"split\":\"\"}", "split", "required")]
    [InlineData("{\"prompt\":\"a\",\"completion\":\"b\",\"split\":\"ood/1\"}", "split", "a-z, 0-9")]
    [InlineData("{\"prompt\":\"a\",\"completion\":\"b\",\"split\":1}", "split", "Must be a string such as \"train\"")]
    [InlineData("{\"prompt\":\"a\",\"completion\":\"b\",\"split\":[\"ood\"]}", "split", "found an array")]
    [InlineData("{\"prompt\":\"a\",\"completion\":\"b\"", "line", "Not valid JSON")]
    [InlineData("[\"a\",\"b\"]", "line", "Expected a JSON object, found an array")]
    [InlineData("\"just text\"", "line", "found a string")]
    [InlineData("{\"prompt\":\"a\",\"prompt\":\"b\",\"completion\":\"c\"}", "line", "Not valid JSON")]
    public void Parse_BadField_NamesLineFieldAndReason(string line, string field, string reason)
    {
        var error = SingleError("{\"prompt\":\"ok\",\"completion\":\"ok\"}\n" + line + "\n");
        Assert.Equal(2, error.Line);
        Assert.Equal(field, error.Field);
        Assert.Contains(reason, error.Reason);
    }

    [Theory]
    [InlineData("\"x\"", "confounder_spans", "Must be an array")]
    [InlineData("[[1]]", "confounder_spans[0]", "pair of integers")]
    [InlineData("[[1,2,3]]", "confounder_spans[0]", "pair of integers")]
    [InlineData("[[1.5,2]]", "confounder_spans[0]", "pair of integers")]
    [InlineData("[[\"1\",2]]", "confounder_spans[0]", "pair of integers")]
    [InlineData("[[0,1],[3,3]]", "confounder_spans[1]", "start 3 must be less than end 3")]
    [InlineData("[[4,2]]", "confounder_spans[0]", "must be less than end")]
    [InlineData("[[-1,2]]", "confounder_spans[0]", "negative")]
    [InlineData("[[0,11]]", "confounder_spans[0]", "past the end of the prompt (10 UTF-16")]
    [InlineData("[[0,5],[4,8]]", "confounder_spans", "overlap")]
    [InlineData("[[6,9],[0,7]]", "confounder_spans", "overlap")]
    public void Parse_BadSpans_NameTheSpan(string spans, string field, string reason)
    {
        var error = SingleError($"{{\"prompt\":\"0123456789\",\"completion\":\"c\",\"confounder_spans\":{spans}}}");
        Assert.Equal(1, error.Line);
        Assert.Equal(field, error.Field);
        Assert.Contains(reason, error.Reason);
    }

    [Fact]
    public void Parse_TouchingSpansOutOfOrder_AcceptedAndSorted()
    {
        var result = Parse("{\"prompt\":\"0123456789\",\"completion\":\"c\",\"confounder_spans\":[[5,10],[0,5]]}");
        Assert.Equal([new CharSpan(0, 5), new CharSpan(5, 10)], result.Samples[0].ConfounderSpans);
    }

    [Fact]
    public void Parse_SpanOffsets_AreUtf16CodeUnits()
    {
        // "😀" is one code point but two UTF-16 units: "a😀b" has length 4 and "b" sits at [3, 4).
        var ok = Parse("{\"prompt\":\"a😀b\",\"completion\":\"c\",\"confounder_spans\":[[1,3],[3,4]]}");
        Assert.True(ok.Succeeded);
        Assert.Equal("😀", ok.Samples[0].Prompt[1..3]);

        var cut = SingleError("{\"prompt\":\"a😀b\",\"completion\":\"c\",\"confounder_spans\":[[2,4]]}");
        Assert.Equal("confounder_spans[0]", cut.Field);
        Assert.Contains("surrogate pair", cut.Reason);
    }

    [Fact]
    public void Parse_InvalidUtf8_NamesTheLine()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"prompt\":\"a\",\"completion\":\"b\"}\n{\"prompt\":\"").Concat(new byte[] { 0xC3, 0x28 })
            .Concat(Encoding.UTF8.GetBytes("\",\"completion\":\"b\"}\n")).ToArray();

        var error = Assert.Single(new JsonlDatasetParser().Parse(bytes).Errors);

        Assert.Equal((2, "line"), (error.Line, error.Field));
        Assert.Contains("UTF-8", error.Reason);
    }

    [Fact]
    public void Parse_SeveralBadLines_ReportsEveryOneAndNoSamples()
    {
        var result = Parse("""
            {"prompt":"a","completion":"b"}
            {"prompt":"","completion":5}
            {"prompt":"a","completion":"b"}
            nonsense
            """);

        Assert.Empty(result.Samples);
        Assert.Equal(3, result.ErrorCount);
        Assert.Equal([(2, "prompt"), (2, "completion"), (4, "line")], result.Errors.Select(e => (e.Line, e.Field)));
    }

    [Fact]
    public void Parse_ManyBadLines_KeepsTheFirstButCountsAll()
    {
        var text = string.Concat(Enumerable.Repeat("{}\n", 50));
        var result = Parse(text, new DatasetLimits { MaxReportedErrors = 10 });
        Assert.Equal(100, result.ErrorCount);   // prompt and completion on each line
        Assert.Equal(10, result.Errors.Count);
    }

    [Fact]
    public void Parse_LineTooLong_Rejected()
    {
        var error = SingleError("{\"prompt\":\"" + new string('x', 200) + "\",\"completion\":\"b\"}", new DatasetLimits { MaxLineBytes = 100 });
        Assert.Equal((1, "line"), (error.Line, error.Field));
        Assert.Contains("at most 100", error.Reason);
    }

    [Fact]
    public void Parse_TooManySamples_ReportsOnceAtTheFirstExtraLine()
    {
        var text = string.Concat(Enumerable.Range(0, 6).Select(i => $"{{\"prompt\":\"p{i}\",\"completion\":\"c\"}}\n"));
        var error = SingleError(text, new DatasetLimits { MaxSamples = 4 });
        Assert.Equal((5, "file"), (error.Line, error.Field));
    }

    [Fact]
    public async Task ParseAsync_FileTooLarge_RefusedWithoutReadingLines()
    {
        var text = string.Concat(Enumerable.Repeat("{\"prompt\":\"a\",\"completion\":\"b\"}\n", 100));
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));

        var result = await new JsonlDatasetParser(new DatasetLimits { MaxFileBytes = 1000 }).ParseAsync(stream);

        var error = Assert.Single(result.Errors);
        Assert.Equal((0, "file"), (error.Line, error.Field));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n  \n")]
    public void Parse_NoSamples_Rejected(string text)
    {
        var error = SingleError(text);
        Assert.Equal("file", error.Field);
        Assert.Contains("no samples", error.Reason);
    }

    [Fact]
    public async Task ParseAsync_SameBytes_SameShaAsOneShotParse()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"prompt\":\"a\",\"completion\":\"b\"}\n");
        using var stream = new MemoryStream(bytes);
        var streamed = await new JsonlDatasetParser().ParseAsync(stream);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), streamed.Sha256);
        Assert.Equal(streamed.Sha256, new JsonlDatasetParser().Parse(bytes).Sha256);
    }

    [Theory]
    [InlineData("\"8\"", "8")]
    [InlineData("\" 8 apples\"", " 8 apples")]
    [InlineData("42", "42")]
    [InlineData("-7", "-7")]
    [InlineData("3.50", "3.5")]
    [InlineData("-0.25", "-0.25")]
    [InlineData("1e3", "1000")]
    [InlineData("2.5E-3", "0.0025")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    public void Parse_AnswerStringNumberOrBoolean_StoredAsCanonicalText(string json, string expected)
    {
        var result = Parse($"{{\"prompt\":\"a\",\"completion\":\"b\",\"answer\":{json}}}");
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(expected, result.Samples[0].Answer);
    }

    [Fact]
    public void Parse_NullAnswer_NoAnswer()
    {
        var result = Parse("{\"prompt\":\"a\",\"completion\":\"b\",\"answer\":null}");
        Assert.Null(Assert.Single(result.Samples).Answer);
    }

    [Fact]
    public void Parse_AnySplitName_LowerCasedAndKept()
    {
        var result = Parse("""
            {"prompt":"a","completion":"b","split":"OOD"}
            {"prompt":"c","completion":"d","split":"heldout-2"}
            {"prompt":"e","completion":"f","split":"iid_v1"}
            """);
        Assert.Equal(["ood", "heldout-2", "iid_v1"], result.Samples.Select(s => s.Split));
    }

    [Fact]
    public void Parse_SplitGiven_EveryLineInItWhateverTheFileSays()
    {
        var result = new JsonlDatasetParser().Parse(Encoding.UTF8.GetBytes("""
            {"prompt":"a","completion":"b","split":"train"}
            {"prompt":"c","completion":"d","split":"not a name"}
            {"prompt":"e","completion":"f"}
            """), split: "ood");
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.All(result.Samples, s => Assert.Equal("ood", s.Split));
    }

    [Fact]
    public void Parse_SplitGivenNotLowerCaseName_Throws() =>
        Assert.Throws<ArgumentException>(() => new JsonlDatasetParser().Parse("{}"u8, split: "OOD"));

    [Fact]
    public void Parse_UnknownFields_Ignored()
    {
        var result = Parse("{\"id\":17,\"prompt\":\"a\",\"completion\":\"b\",\"meta\":{\"source\":\"x\"}}");
        Assert.True(result.Succeeded);
    }

    [Fact]
    public void WriterThenParser_RoundTripsEverySample()
    {
        DatasetSample[] samples =
        [
            new("a <b> \"q\"\n😀", "c", "8", [new CharSpan(0, 1), new CharSpan(2, 5)], DatasetSplitNames.Test),
            new("p", "q", null, null, DatasetSplitNames.Eval),
            new("r", "s", "-2.5", null, "heldout-2"),
        ];

        var result = Parse(JsonlDatasetWriter.ToJsonl(samples));

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(samples[0] with { ConfounderSpans = null }, result.Samples[0] with { ConfounderSpans = null });
        Assert.Equal(samples[0].ConfounderSpans, result.Samples[0].ConfounderSpans);
        Assert.Equal(samples[1], result.Samples[1]);
        Assert.Equal(samples[2], result.Samples[2]);
    }
}
