-- Run once by the postgres image when its data volume is first created: a
-- database of its own for booking requests (BOOKING_DB_URL), beside `rasa`
-- (POSTGRES_DB, the conversations).
CREATE DATABASE bookings;
