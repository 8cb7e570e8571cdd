// Reports of cluster runs: report.json (the node's own report nested under "node" for model
// runs), links.csv, collectives.csv and the stdout summary with the most congested links.
#pragma once

#include <ostream>
#include <string>

#include "sim/cluster/cluster_run.h"

namespace tessera {

std::string cluster_report_json(const ClusterResult& r);
std::string links_csv(const ClusterResult& r);
std::string collectives_csv(const ClusterResult& r);
void print_cluster_summary(std::ostream& os, const ClusterResult& r);
// report.json, links.csv, collectives.csv, config.yaml (and layers.csv of the node).
void write_cluster_outputs(const std::string& dir, const ClusterResult& r);

}  // namespace tessera
