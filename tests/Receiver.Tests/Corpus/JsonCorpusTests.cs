using System.Text;
using System.Text.Json;
using MiniCollector.Pipeline.Signals;
using Xunit.Abstractions;

namespace MiniCollector.Receiver.Tests.Corpus;

/// <summary>
/// Malformed OTLP/JSON generated from the spec's examples and richer documents, sent to the OTLP/HTTP receiver over
/// HTTP/1.1 and HTTP/2: every answer is what our own descriptor-driven OTLP/JSON oracle says (200 with exact
/// partial-success counts, or a 4xx with nothing passed on), never a 5xx, a reset or a hang.
/// </summary>
public sealed class JsonCorpusTests(ITestOutputHelper output)
{
    private const long Limit = 16 * 1024 * 1024;

    private static readonly string[] WrongTypes =
    [
        "null", "true", "false", "0", "-1", "1.5", "1e3", "\"\"", "\"x\"", "\"5\"", "\"-5\"", "{}", "[]", "[null]", "[1]", "{\"a\":1}", "\"NaN\"", "\"Infinity\"", "\"AA==\"", "\"0102030405060708\"",
    ];

    private static readonly string[] Numbers =
    [
        "18446744073709551615", "18446744073709551616", "-9223372036854775808", "-9223372036854775809", "9223372036854775807", "4294967295", "4294967296",
        "2147483647", "2147483648", "-2147483648", "-2147483649", "1e400", "-1e400", "1e-400", "NaN", "Infinity", "-Infinity", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"",
        "\"1e3\"", "\"0x10\"", "\" 5\"", "\"5 \"", "\"+5\"", "1.0", "1.5", "-0", "\"-0\"", "0.0000000001", "1E2", "00", "01", "\"007\"", "\"\\u0035\"", "\"\u0661\u0662\"",
        new string('9', 400), "1" + new string('0', 30), "\"" + new string('9', 400) + "\"", "-" + new string('9', 30) + ".5",
    ];

    private static IEnumerable<ValidPayload> Documents() => CorpusPayloads.Signals.SelectMany(s => new[] { CorpusPayloads.SpecExample(s), CorpusPayloads.Rich(s) });

    [Fact]
    public async Task Truncations_of_the_spec_examples_at_every_byte_offset()
    {
        var corpus = new List<CorpusRequest>();
        foreach (var payload in Documents())
        {
            // Every offset of the spec's examples; every 5th of the larger rich documents.
            int step = payload.Name == "spec example" ? 1 : 5;
            for (int length = 0; length < payload.Json.Length; length += step)
            {
                Add(corpus, $"{payload.Signal} {payload.Name} cut to {length} bytes", payload.Signal, payload.Json[..length]);
            }
        }

        await RunAsync(corpus, "JSON truncations");
    }

    [Fact]
    public async Task Every_value_replaced_by_every_wrong_type()
    {
        var corpus = new List<CorpusRequest>();
        foreach (var payload in Documents())
        {
            // Every value of the spec's examples; every other value of the larger rich documents.
            foreach (var token in JsonTokens.Read(payload.Json).Where(t => !t.IsKey).Where((_, i) => payload.Name == "spec example" || i % 2 == 0))
            {
                foreach (var replacement in WrongTypes)
                {
                    Add(corpus, $"{payload.Signal} {payload.Name} \"{token.Key ?? "[]"}\"@{token.Start} = {replacement}", payload.Signal, JsonTokens.Replace(payload.Json, token, Encoding.UTF8.GetBytes(replacement)));
                }
            }
        }

        await RunAsync(corpus, "JSON wrong types");
    }

    [Fact]
    public async Task Numbers_out_of_range_huge_and_not_numbers_in_every_scalar_field()
    {
        var corpus = new List<CorpusRequest>();
        foreach (var payload in Documents())
        {
            var tokens = JsonTokens.Read(payload.Json)
                .Where(t => !t.IsKey && t.Type is JsonTokenType.Number or JsonTokenType.String or JsonTokenType.True or JsonTokenType.False)
                .Where((_, i) => payload.Name == "spec example" || i % 2 == 0)
                .ToList();
            foreach (var token in tokens)
            {
                foreach (var number in Numbers)
                {
                    // Doubles past the double range are the subject of their own test below.
                    Add(corpus, $"{payload.Signal} {payload.Name} \"{token.Key ?? "[]"}\"@{token.Start} = {Short(number)}", payload.Signal, JsonTokens.Replace(payload.Json, token, Encoding.UTF8.GetBytes(number)), overflowingDoubleIsEither: true);
                }
            }

        }

        await RunAsync(corpus, "JSON numbers");
    }

    /// <summary>
    /// A JSON number beyond the double range (1e400) is not a double: proto3 JSON parsers and the reference collector
    /// refuse it. Reading it as ±Infinity silently changes the data the client sent.
    /// </summary>
    [Fact]
    public async Task Numbers_beyond_the_double_range_are_rejected_not_read_as_infinity()
    {
        string[] overflowing = ["1e400", "-1e400", "1.8e308", "-1.8e308", new string('9', 400)];
        var corpus = new List<CorpusRequest>();
        foreach (var payload in Documents())
        {
            foreach (var token in JsonTokens.Read(payload.Json).Where(t => t.Key is "asDouble" or "doubleValue" or "sum" or "min" or "max" || (t.Key is null && t.Type == JsonTokenType.Number)))
            {
                foreach (var number in overflowing)
                {
                    var mutated = JsonTokens.Replace(payload.Json, token, Encoding.UTF8.GetBytes(number));
                    if (JsonOracle.Judge(payload.Signal, mutated).Verdict == Verdict.Reject)
                    {
                        Add(corpus, $"{payload.Signal} {payload.Name} \"{token.Key ?? "[]"}\"@{token.Start} = {Short(number)}", payload.Signal, mutated);
                    }
                }
            }
        }

        Assert.NotEmpty(corpus);
        await RunAsync(corpus, "JSON doubles beyond range");
    }

    /// <summary>
    /// The spec: a server MUST limit the size of its answers (4 MiB recommended). An error about a 5 MiB token must
    /// describe it, not copy it into the answer.
    /// </summary>
    [Fact]
    public async Task An_error_about_a_huge_token_does_not_copy_it_into_the_answer()
    {
        var corpus = new List<CorpusRequest>();
        var huge = Encoding.ASCII.GetBytes(new string('7', 5 * 1024 * 1024));
        foreach (var signal in CorpusPayloads.Signals)
        {
            var payload = CorpusPayloads.SpecExample(signal);
            var tokens = JsonTokens.Read(payload.Json);
            var time = tokens.First(t => !t.IsKey && t.Key is "timeUnixNano" or "startTimeUnixNano");
            var key = tokens.First(t => t.Key == "key" && !t.IsKey);
            Add(corpus, $"{signal} \"{time.Key}\" = a 5 MiB integer", signal, JsonTokens.Replace(payload.Json, time, huge));
            Add(corpus, $"{signal} \"key\" = a 5 MiB number", signal, JsonTokens.Replace(payload.Json, key, huge));
        }

        await RunAsync(corpus, "JSON huge tokens");
    }

    [Fact]
    public async Task Duplicate_keys_with_the_same_another_or_a_wrong_value()
    {
        string[] values = ["null", "\"x\"", "1", "{}", "[]", "\"AAAA\""];
        var corpus = new List<CorpusRequest>();
        foreach (var payload in Documents())
        {
            var tokens = JsonTokens.Read(payload.Json);
            for (int i = 0; i < tokens.Count; i++)
            {
                if (!tokens[i].IsKey)
                {
                    continue;
                }

                var (start, end) = JsonTokens.Property(tokens, i);
                var property = payload.Json[start..end];
                var key = payload.Json[tokens[i].Start..tokens[i].End];
                Add(corpus, $"{payload.Signal} {payload.Name} \"{tokens[i].Key}\" twice", payload.Signal, [.. payload.Json[..end], (byte)',', .. property, .. payload.Json[end..]]);
                foreach (var value in values)
                {
                    Add(corpus, $"{payload.Signal} {payload.Name} \"{tokens[i].Key}\" again as {value}", payload.Signal, [.. payload.Json[..end], (byte)',', .. key, (byte)':', .. Encoding.UTF8.GetBytes(value), .. payload.Json[end..]]);
                }
            }
        }

        await RunAsync(corpus, "JSON duplicate keys");
    }

    [Fact]
    public async Task Invalid_utf8_and_lone_surrogates_in_every_string_and_key()
    {
        byte[][] invalid = [[0xFF], [0xC3], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], .. new[] { "\\uD800", "\\uDC00x", "\\u0000" }.Select(Encoding.ASCII.GetBytes)];
        var corpus = new List<CorpusRequest>();
        foreach (var payload in Documents())
        {
            foreach (var token in JsonTokens.Read(payload.Json).Where(t => t.Type is JsonTokenType.String or JsonTokenType.PropertyName))
            {
                foreach (var sequence in invalid)
                {
                    // Right after the opening quote.
                    byte[] mutated = [.. payload.Json[..(token.Start + 1)], .. sequence, .. payload.Json[(token.Start + 1)..]];
                    Add(corpus, $"{payload.Signal} {payload.Name} {(token.IsKey ? "key" : "value of")} \"{token.Key}\"@{token.Start} with {Convert.ToHexString(sequence)}", payload.Signal, mutated);
                }
            }
        }

        // A body that is not UTF-8 at all.
        foreach (var signal in CorpusPayloads.Signals)
        {
            var spec = CorpusPayloads.SpecExample(signal);
            Add(corpus, $"{signal} spec example as UTF-16", signal, Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(spec.Json)));
            Add(corpus, $"{signal} spec example with a BOM", signal, [0xEF, 0xBB, 0xBF, .. spec.Json]);
            Add(corpus, $"{signal} spec example as Latin-1", signal, Encoding.Latin1.GetBytes(Encoding.UTF8.GetString(spec.Json).Replace("my.service", "mÿ.sérvice", StringComparison.Ordinal)));
        }

        await RunAsync(corpus, "JSON invalid UTF-8");
    }

    [Fact]
    public async Task Deep_nesting_and_malformed_documents()
    {
        var corpus = new List<CorpusRequest>();
        foreach (int depth in new[] { 1, 10, 20, 30, 40, 41, 42, 43, 60, 62, 63, 64, 65, 100, 1000, 100_000 })
        {
            Add(corpus, $"log body arrayValue {depth} deep", Signal.Logs, Encoding.UTF8.GetBytes(DeepLogBody(depth, kvlist: false)));
            Add(corpus, $"log body kvlistValue {depth} deep", Signal.Logs, Encoding.UTF8.GetBytes(DeepLogBody(depth, kvlist: true)));
        }

        foreach (int depth in new[] { 1, 100, 125, 126, 127, 128, 129, 1000, 1_000_000 })
        {
            // Nesting inside a field the reader skips.
            Add(corpus, $"unknown field nested {depth} deep", Signal.Traces, Encoding.UTF8.GetBytes("{\"unknown\":" + new string('[', depth) + new string(']', depth) + "}"));
        }

        string[] documents =
        [
            string.Empty, " ", "null", "[]", "1", "\"x\"", "true", "{}", "{ }", "{\"resourceSpans\":null}", "{\"resourceSpans\":[]}", "{\"resourceSpans\":[null]}",
            "{\"resourceSpans\":[{}]}", "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{}]}]}]}", "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[null,null]}]}]}",
            "{}x", "{}{}", "{},", "{\"a\":1,}", "{\"resourceSpans\":[],}", "{\"resourceSpans\":[1,]}", "/* c */{}", "{}// c", "{'resourceSpans':[]}", "{resourceSpans:[]}",
            "{\"resourceSpans\":[}", "{\"resourceSpans\"}", "{\"resourceSpans\":}", "{:[]}", "{\"\\x\":1}", "{\"a\":\"\t\"}", "{\"a\":\"\\u12\"}", "{\"a\":01}",
            "{\"a\":.5}", "{\"a\":5.}", "{\"a\":+5}", "{\"a\":NaN}", "{\"a\":-Infinity}", "{\"a\":tru}", "{\"a\":nul}", "{\"a\":\"x}", "\u0000{}", "{}\u0000",
        ];
        foreach (var document in documents)
        {
            Add(corpus, $"document {Short(JsonSerializer.Serialize(document))}", Signal.Traces, Encoding.UTF8.GetBytes(document));
        }

        await RunAsync(corpus, "JSON nesting and documents");
    }

    private static void Add(List<CorpusRequest> corpus, string name, Signal signal, byte[] json, bool overflowingDoubleIsEither = false)
    {
        var transport = corpus.Count % 2 == 0 ? Transport.Http1 : Transport.Http2;
        var expected = RequestOracle.ForHttp(signal, json, json: true, null, Limit);
        if (overflowingDoubleIsEither && expected.Why?.Contains("out of double range", StringComparison.Ordinal) == true)
        {
            expected = Expectation.Either(expected.Why);
        }

        corpus.Add(CorpusRequest.HttpJson(name, signal, json, expected, transport));
    }

    private static string DeepLogBody(int depth, bool kvlist)
    {
        var sb = new StringBuilder("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"body\":");
        for (int i = 0; i < depth; i++)
        {
            sb.Append(kvlist ? "{\"kvlistValue\":{\"values\":[{\"key\":\"k\",\"value\":" : "{\"arrayValue\":{\"values\":[");
        }

        sb.Append("{\"stringValue\":\"deep\"}");
        for (int i = 0; i < depth; i++)
        {
            sb.Append(kvlist ? "}]}}" : "]}}");
        }

        sb.Append("}]}]}]}");
        return sb.ToString();
    }

    private static string Short(string text) => text.Length <= 40 ? text : text[..40] + $"...({text.Length} chars)";

    private async Task RunAsync(List<CorpusRequest> corpus, string title)
    {
        await using var harness = await CorpusHarness.StartAsync($"max_request_body_size: {Limit}", "max_recv_msg_size_mib: 16");
        await CorpusRunner.RunAsync(harness, corpus, output, title);
    }
}
