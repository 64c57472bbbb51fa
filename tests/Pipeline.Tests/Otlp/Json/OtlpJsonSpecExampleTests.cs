using System.Text;
using Google.Protobuf;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Logs;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Otlp.Trace;
using MiniCollector.Pipeline.Otlp.Json;

namespace MiniCollector.Pipeline.Tests.Otlp.Json;

/// <summary>Payloads shaped like the OTLP spec's examples/{trace,metrics,logs}.json, written as SDKs send them.</summary>
public sealed class OtlpJsonSpecExampleTests
{
    [Fact]
    public void Trace_example_decodes()
    {
        const string Json = """
            {
              "resourceSpans": [
                {
                  "resource": {
                    "attributes": [
                      { "key": "service.name", "value": { "stringValue": "checkout" } }
                    ]
                  },
                  "scopeSpans": [
                    {
                      "scope": {
                        "name": "checkout.http",
                        "version": "2.1.0",
                        "attributes": [
                          { "key": "scope.owner", "value": { "stringValue": "payments team" } }
                        ]
                      },
                      "spans": [
                        {
                          "traceId": "5B8EFFF798038103D269B633813FC60C",
                          "spanId": "EEE19B7EC3C1B174",
                          "parentSpanId": "EEE19B7EC3C1B173",
                          "name": "POST /checkout",
                          "startTimeUnixNano": "1544712660000000000",
                          "endTimeUnixNano": "1544712661000000000",
                          "kind": 2,
                          "attributes": [
                            { "key": "http.status", "value": { "intValue": "200" } },
                            { "key": "retry", "value": { "boolValue": false } },
                            { "key": "ratio", "value": { "doubleValue": 0.25 } },
                            {
                              "key": "tags",
                              "value": { "arrayValue": { "values": [ { "stringValue": "a" }, { "intValue": 7 } ] } }
                            },
                            {
                              "key": "headers",
                              "value": { "kvlistValue": { "values": [ { "key": "accept", "value": { "stringValue": "*/*" } } ] } }
                            },
                            { "key": "blob", "value": { "bytesValue": "AQID" } }
                          ],
                          "events": [
                            { "timeUnixNano": "1544712660500000000", "name": "cache miss" }
                          ],
                          "status": { "code": 2, "message": "card declined" }
                        }
                      ]
                    }
                  ]
                }
              ]
            }
            """;

        var request = OtlpJsonReader.ReadTraces(Encoding.UTF8.GetBytes(Json));

        ResourceSpans resourceSpans = Assert.Single(request.ResourceSpans);
        KeyValue serviceName = Assert.Single(resourceSpans.Resource.Attributes);
        Assert.Equal("service.name", serviceName.Key);
        Assert.Equal("checkout", serviceName.Value.StringValue);

        ScopeSpans scopeSpans = Assert.Single(resourceSpans.ScopeSpans);
        Assert.Equal("checkout.http", scopeSpans.Scope.Name);
        Assert.Equal("2.1.0", scopeSpans.Scope.Version);
        Assert.Equal("payments team", Assert.Single(scopeSpans.Scope.Attributes).Value.StringValue);

        Span span = Assert.Single(scopeSpans.Spans);
        Assert.Equal(Convert.FromHexString("5B8EFFF798038103D269B633813FC60C"), span.TraceId.ToByteArray());
        Assert.Equal(Convert.FromHexString("EEE19B7EC3C1B174"), span.SpanId.ToByteArray());
        Assert.Equal(Convert.FromHexString("EEE19B7EC3C1B173"), span.ParentSpanId.ToByteArray());
        Assert.Equal("POST /checkout", span.Name);
        Assert.Equal(1544712660000000000UL, span.StartTimeUnixNano);
        Assert.Equal(1544712661000000000UL, span.EndTimeUnixNano);
        Assert.Equal(Span.Types.SpanKind.Server, span.Kind);

        Assert.Equal(6, span.Attributes.Count);
        Assert.Equal(200, span.Attributes[0].Value.IntValue);
        Assert.True(span.Attributes[1].Value.HasBoolValue);
        Assert.False(span.Attributes[1].Value.BoolValue);
        Assert.Equal(0.25, span.Attributes[2].Value.DoubleValue);
        ArrayValue tags = span.Attributes[3].Value.ArrayValue;
        Assert.Equal("a", tags.Values[0].StringValue);
        Assert.Equal(7, tags.Values[1].IntValue);
        KeyValue header = Assert.Single(span.Attributes[4].Value.KvlistValue.Values);
        Assert.Equal("accept", header.Key);
        Assert.Equal("*/*", header.Value.StringValue);
        Assert.Equal(new byte[] { 1, 2, 3 }, span.Attributes[5].Value.BytesValue.ToByteArray());

        Span.Types.Event cacheMiss = Assert.Single(span.Events);
        Assert.Equal(1544712660500000000UL, cacheMiss.TimeUnixNano);
        Assert.Equal("cache miss", cacheMiss.Name);
        Assert.Equal(Status.Types.StatusCode.Error, span.Status.Code);
        Assert.Equal("card declined", span.Status.Message);
    }

    [Fact]
    public void Metrics_example_decodes_every_metric_kind()
    {
        const string Json = """
            {
              "resourceMetrics": [
                {
                  "resource": { "attributes": [ { "key": "service.name", "value": { "stringValue": "inventory" } } ] },
                  "scopeMetrics": [
                    {
                      "scope": { "name": "inventory.meter", "version": "1.0.0" },
                      "metrics": [
                        {
                          "name": "items.sold",
                          "unit": "1",
                          "description": "Items sold since start",
                          "sum": {
                            "aggregationTemporality": 2,
                            "isMonotonic": true,
                            "dataPoints": [
                              {
                                "asInt": "42",
                                "startTimeUnixNano": "1544712660300000000",
                                "timeUnixNano": "1544712660300000000",
                                "attributes": [ { "key": "store", "value": { "stringValue": "north" } } ]
                              }
                            ]
                          }
                        },
                        {
                          "name": "shelf.temperature",
                          "unit": "Cel",
                          "gauge": { "dataPoints": [ { "asDouble": 4.5, "timeUnixNano": "1544712660300000000" } ] }
                        },
                        {
                          "name": "checkout.duration",
                          "unit": "ms",
                          "histogram": {
                            "aggregationTemporality": 1,
                            "dataPoints": [
                              {
                                "startTimeUnixNano": "1544712660300000000",
                                "timeUnixNano": "1544712660300000000",
                                "count": "3",
                                "sum": 35.5,
                                "bucketCounts": [ "1", "1", "1" ],
                                "explicitBounds": [ 10, 20 ],
                                "min": 5,
                                "max": 20.5
                              }
                            ]
                          }
                        },
                        {
                          "name": "payload.size",
                          "exponentialHistogram": {
                            "aggregationTemporality": 2,
                            "dataPoints": [
                              {
                                "timeUnixNano": "1544712660300000000",
                                "count": "4",
                                "scale": -1,
                                "zeroCount": "1",
                                "zeroThreshold": 0.001,
                                "positive": { "offset": 2, "bucketCounts": [ "2", "1" ] },
                                "negative": { "offset": -3 }
                              }
                            ]
                          }
                        },
                        {
                          "name": "request.latency",
                          "summary": {
                            "dataPoints": [
                              {
                                "timeUnixNano": "1544712660300000000",
                                "count": "10",
                                "sum": 123.4,
                                "quantileValues": [ { "quantile": 0.5, "value": 11 }, { "quantile": 1, "value": 30 } ]
                              }
                            ]
                          }
                        }
                      ]
                    }
                  ]
                }
              ]
            }
            """;

        var request = OtlpJsonReader.ReadMetrics(Encoding.UTF8.GetBytes(Json));

        ScopeMetrics scope = Assert.Single(Assert.Single(request.ResourceMetrics).ScopeMetrics);
        Assert.Equal("inventory.meter", scope.Scope.Name);
        Assert.Equal(5, scope.Metrics.Count);

        Metric sold = scope.Metrics[0];
        Assert.Equal("items.sold", sold.Name);
        Assert.Equal("1", sold.Unit);
        Assert.Equal("Items sold since start", sold.Description);
        Assert.Equal(Metric.DataOneofCase.Sum, sold.DataCase);
        Assert.Equal(AggregationTemporality.Cumulative, sold.Sum.AggregationTemporality);
        Assert.True(sold.Sum.IsMonotonic);
        NumberDataPoint soldPoint = Assert.Single(sold.Sum.DataPoints);
        Assert.Equal(NumberDataPoint.ValueOneofCase.AsInt, soldPoint.ValueCase);
        Assert.Equal(42, soldPoint.AsInt);
        Assert.Equal(1544712660300000000UL, soldPoint.StartTimeUnixNano);
        Assert.Equal("north", Assert.Single(soldPoint.Attributes).Value.StringValue);

        NumberDataPoint temperature = Assert.Single(scope.Metrics[1].Gauge.DataPoints);
        Assert.Equal(NumberDataPoint.ValueOneofCase.AsDouble, temperature.ValueCase);
        Assert.Equal(4.5, temperature.AsDouble);

        Histogram histogram = scope.Metrics[2].Histogram;
        Assert.Equal(AggregationTemporality.Delta, histogram.AggregationTemporality);
        HistogramDataPoint histogramPoint = Assert.Single(histogram.DataPoints);
        Assert.Equal(3UL, histogramPoint.Count);
        Assert.True(histogramPoint.HasSum);
        Assert.Equal(35.5, histogramPoint.Sum);
        Assert.Equal(new ulong[] { 1, 1, 1 }, histogramPoint.BucketCounts);
        Assert.Equal(new double[] { 10, 20 }, histogramPoint.ExplicitBounds);
        Assert.Equal(5, histogramPoint.Min);
        Assert.Equal(20.5, histogramPoint.Max);

        ExponentialHistogramDataPoint exponential = Assert.Single(scope.Metrics[3].ExponentialHistogram.DataPoints);
        Assert.Equal(4UL, exponential.Count);
        Assert.False(exponential.HasSum);
        Assert.False(exponential.HasMin);
        Assert.False(exponential.HasMax);
        Assert.Equal(-1, exponential.Scale);
        Assert.Equal(1UL, exponential.ZeroCount);
        Assert.Equal(0.001, exponential.ZeroThreshold);
        Assert.Equal(2, exponential.Positive.Offset);
        Assert.Equal(new ulong[] { 2, 1 }, exponential.Positive.BucketCounts);
        Assert.Equal(-3, exponential.Negative.Offset);
        Assert.Empty(exponential.Negative.BucketCounts);

        SummaryDataPoint summary = Assert.Single(scope.Metrics[4].Summary.DataPoints);
        Assert.Equal(10UL, summary.Count);
        Assert.Equal(123.4, summary.Sum);
        Assert.Equal(2, summary.QuantileValues.Count);
        Assert.Equal(1, summary.QuantileValues[1].Quantile);
        Assert.Equal(30, summary.QuantileValues[1].Value);
    }

    [Fact]
    public void Logs_example_decodes()
    {
        const string Json = """
            {
              "resourceLogs": [
                {
                  "resource": { "attributes": [ { "key": "service.name", "value": { "stringValue": "mailer" } } ] },
                  "scopeLogs": [
                    {
                      "scope": { "name": "mailer.logging", "version": "0.3.0" },
                      "logRecords": [
                        {
                          "timeUnixNano": "1544712660300000000",
                          "observedTimeUnixNano": "1544712660300000001",
                          "severityNumber": 10,
                          "severityText": "Information",
                          "traceId": "5B8EFFF798038103D269B633813FC60C",
                          "spanId": "EEE19B7EC3C1B174",
                          "flags": 1,
                          "eventName": "mail.sent",
                          "body": { "stringValue": "Mail queued" },
                          "attributes": [
                            { "key": "recipients", "value": { "intValue": 3 } },
                            { "key": "empty", "value": {} }
                          ],
                          "droppedAttributesCount": 1
                        }
                      ]
                    }
                  ]
                }
              ]
            }
            """;

        var request = OtlpJsonReader.ReadLogs(Encoding.UTF8.GetBytes(Json));

        ScopeLogs scope = Assert.Single(Assert.Single(request.ResourceLogs).ScopeLogs);
        Assert.Equal("mailer.logging", scope.Scope.Name);
        LogRecord record = Assert.Single(scope.LogRecords);
        Assert.Equal(1544712660300000000UL, record.TimeUnixNano);
        Assert.Equal(1544712660300000001UL, record.ObservedTimeUnixNano);
        Assert.Equal(SeverityNumber.Info2, record.SeverityNumber);
        Assert.Equal("Information", record.SeverityText);
        Assert.Equal(ByteString.CopyFrom(Convert.FromHexString("5B8EFFF798038103D269B633813FC60C")), record.TraceId);
        Assert.Equal(ByteString.CopyFrom(Convert.FromHexString("EEE19B7EC3C1B174")), record.SpanId);
        Assert.Equal(1u, record.Flags);
        Assert.Equal("mail.sent", record.EventName);
        Assert.Equal("Mail queued", record.Body.StringValue);
        Assert.Equal(3, record.Attributes[0].Value.IntValue);
        Assert.Equal(AnyValue.ValueOneofCase.None, record.Attributes[1].Value.ValueCase);
        Assert.Equal(1u, record.DroppedAttributesCount);
    }

    [Fact]
    public void Empty_object_is_an_empty_request()
    {
        Assert.Empty(OtlpJsonReader.ReadTraces("{}"u8).ResourceSpans);
        Assert.Empty(OtlpJsonReader.ReadMetrics(" { } "u8).ResourceMetrics);
        Assert.Empty(OtlpJsonReader.ReadLogs("{\"resourceLogs\":[]}"u8).ResourceLogs);
    }
}
