using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Otlp.Json;
using RpcStatus = MiniCollector.Otlp.Rpc.Status;

// What OTLP/HTTP carries as JSON: the export requests, their responses, and the status of an error response.
[assembly: OtlpJsonDocument(typeof(ExportTraceServiceRequest))]
[assembly: OtlpJsonDocument(typeof(ExportMetricsServiceRequest))]
[assembly: OtlpJsonDocument(typeof(ExportLogsServiceRequest))]
[assembly: OtlpJsonDocument(typeof(ExportTraceServiceResponse))]
[assembly: OtlpJsonDocument(typeof(ExportMetricsServiceResponse))]
[assembly: OtlpJsonDocument(typeof(ExportLogsServiceResponse))]
[assembly: OtlpJsonDocument(typeof(RpcStatus))]
