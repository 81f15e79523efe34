-- V4's video_upload_metadata was a stand-in for the social schema's columns until V5 existed; V5 moved its hashtags
-- into videos.hashtags and nothing has written or read it since. Dropped so it cannot be mistaken for live data.
DROP TABLE IF EXISTS video_upload_metadata;
