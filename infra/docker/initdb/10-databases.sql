-- One database per tier and one for the event bus (the PostgreSQL image runs this on first start).
create database cso_district;
create database cso_street;
create database cso_community;
create database cso_bus;
