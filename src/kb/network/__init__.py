"""The company network: who supplies whom, who is exposed, the hubs, the clusters and where collaboration can start."""
