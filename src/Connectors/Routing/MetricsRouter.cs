using Google.Protobuf;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Ottl;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Connectors.Routing;

/// <summary>
/// Divides a metrics request by route: whole resources for resource routes, whole metrics for metric routes, single
/// data points (in a copy of their metric's descriptor) for data point routes.
/// </summary>
internal static class MetricsRouter
{
    public static RoutedParts<ExportMetricsServiceRequest> Split(RoutingTable table, ExportMetricsServiceRequest request, int limit)
    {
        int destinations = table.Default + 1;
        var parts = new RoutedParts<ExportMetricsServiceRequest>(destinations);
        var shells = new Shells(destinations);
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var resource = resourceMetrics.Resource;
            int destination = table.ResourceDestination(resource, limit);
            if (!table.HasBefore(RouteContext.Metric, destination) && !table.HasBefore(RouteContext.DataPoint, destination))
            {
                parts.For(destination).ResourceMetrics.Add(resourceMetrics);
                parts.Note(destination, Count(resourceMetrics));
                continue;
            }

            shells.NewResource(resourceMetrics);
            foreach (var scopeMetrics in resourceMetrics.ScopeMetrics)
            {
                shells.NewScope(scopeMetrics);
                foreach (var metric in scopeMetrics.Metrics)
                {
                    int metricDestination = MetricDestination(table, new MetricContext(resource, scopeMetrics.Scope, metric), destination);
                    if (!table.HasBefore(RouteContext.DataPoint, metricDestination))
                    {
                        shells.Scope(parts, metricDestination).Metrics.Add(metric);
                        parts.Note(metricDestination, MetricsKind.DataPoints(metric).Count);
                        continue;
                    }

                    shells.NewMetric(metric);
                    foreach (IMessage point in MetricsKind.DataPoints(metric))
                    {
                        int to = PointDestination(table, new DataPointContext(resource, scopeMetrics.Scope, metric, point), metricDestination);
                        MetricsKind.DataPoints(shells.Metric(parts, to)).Add(point);
                        parts.Note(to, 1);
                    }
                }
            }
        }

        return parts;
    }

    private static int MetricDestination(RoutingTable table, in MetricContext item, int limit)
    {
        for (int i = 0; i < limit; i++)
        {
            var route = table.Routes[i];
            if (route.Context == RouteContext.Metric && route.Matches(in item))
            {
                return i;
            }
        }

        return limit;
    }

    private static int PointDestination(RoutingTable table, in DataPointContext item, int limit)
    {
        for (int i = 0; i < limit; i++)
        {
            var route = table.Routes[i];
            if (route.Context == RouteContext.DataPoint && route.Matches(in item))
            {
                return i;
            }
        }

        return limit;
    }

    private static int Count(ResourceMetrics resource)
    {
        int count = 0;
        foreach (var scope in resource.ScopeMetrics)
        {
            foreach (var metric in scope.Metrics)
            {
                count += MetricsKind.DataPoints(metric).Count;
            }
        }

        return count;
    }

    // The resource, scope and metric copies each destination fills for the resource, scope and metric being divided.
    private sealed class Shells(int destinations)
    {
        private readonly ResourceMetrics?[] _resources = new ResourceMetrics?[destinations];
        private readonly ScopeMetrics?[] _scopes = new ScopeMetrics?[destinations];
        private readonly Metric?[] _metrics = new Metric?[destinations];
        private ResourceMetrics _resource = null!;
        private ScopeMetrics _scope = null!;
        private Metric _metric = null!;

        public void NewResource(ResourceMetrics resource)
        {
            _resource = resource;
            Array.Clear(_resources);
        }

        public void NewScope(ScopeMetrics scope)
        {
            _scope = scope;
            Array.Clear(_scopes);
        }

        public void NewMetric(Metric metric)
        {
            _metric = metric;
            Array.Clear(_metrics);
        }

        public ScopeMetrics Scope(RoutedParts<ExportMetricsServiceRequest> parts, int destination)
        {
            if (_scopes[destination] is { } scope)
            {
                return scope;
            }

            if (_resources[destination] is not { } resource)
            {
                resource = _resources[destination] = new ResourceMetrics { Resource = _resource.Resource, SchemaUrl = _resource.SchemaUrl };
                parts.For(destination).ResourceMetrics.Add(resource);
            }

            scope = _scopes[destination] = new ScopeMetrics { Scope = _scope.Scope, SchemaUrl = _scope.SchemaUrl };
            resource.ScopeMetrics.Add(scope);
            return scope;
        }

        public Metric Metric(RoutedParts<ExportMetricsServiceRequest> parts, int destination)
        {
            if (_metrics[destination] is { } metric)
            {
                return metric;
            }

            metric = _metrics[destination] = MetricsKind.MetricShell(_metric);
            Scope(parts, destination).Metrics.Add(metric);
            return metric;
        }
    }
}
