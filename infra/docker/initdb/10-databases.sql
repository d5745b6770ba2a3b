-- One database per tier, one for the event bus and one for the schema registry (the PostgreSQL image runs this on first start).
create database cso_district;
create database cso_street;
create database cso_community;
create database cso_bus;
create database cso_registry;
